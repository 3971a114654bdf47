using System;
using Endpoint.Core.Ble;
using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;
using Endpoint.Core.Hub;
using Endpoint.Core.Json;
using Endpoint.Core.Model;
using Endpoint.Core.Runtime;
using Endpoint.Core.Text;
using Endpoint.Drivers.BatteryAdc;
using Endpoint.Drivers.BinaryInput;
using Endpoint.Drivers.Bme280;
using Endpoint.Drivers.Sht3x;
using Endpoint.Drivers.Sht4x;

namespace Endpoint.Apps.Sensor
{
    /// <summary>
    /// The environment sensor: temperature and humidity (and pressure with a BME280) from the board's
    /// climate part, battery voltage and charge from a divider on <c>battery_adc</c>, and a contact or
    /// motion input, reported to the hub when they change by more than a threshold or at least every
    /// <see cref="ReportPolicy.MaxSilence"/> intervals.
    /// <para>
    /// <b>Mains mode</b> stays connected and reads every interval (60 s by default).
    /// <b>Battery mode</b> (the default on boards with the <c>battery</c> capability) lives one reading
    /// per boot: read at once; if nothing changed enough, go back to deep sleep without touching the
    /// radio; otherwise connect, publish the readings (retained) and the awake time of the previous
    /// report, wait until the broker has them (<see cref="HubClient.Flush"/>, at most 5 s) and sleep for
    /// the rest of the interval (300 s by default). Its discovery configs carry no availability and
    /// unchanged announcements are not resent, so Home Assistant relies on <c>expire_after</c> and the
    /// device stays awake as briefly as it can.
    /// </para>
    /// Parts by compatible id: <c>sensirion,sht4x</c>, <c>sensirion,sht3x</c> or <c>bosch,bme280</c> on an I2C
    /// bus (pins <c>&lt;bus&gt;.sda</c>, <c>&lt;bus&gt;.scl</c>); pins <c>battery_adc</c>, <c>contact</c>, <c>motion</c>.
    /// </summary>
    public sealed class SensorApp : Component
    {
        /// <summary>Settings key: mains or battery.</summary>
        public const string ModeKey = "sensor.mode";

        /// <summary>Settings key: seconds between readings.</summary>
        public const string IntervalKey = "sensor.interval";

        /// <summary>Settings keys of the thresholds and the heartbeat.</summary>
        public const string TemperatureStepKey = "sensor.step.temperature";

        /// <summary>Settings key of the humidity threshold.</summary>
        public const string HumidityStepKey = "sensor.step.humidity";

        /// <summary>Settings key of the pressure threshold.</summary>
        public const string PressureStepKey = "sensor.step.pressure";

        /// <summary>Settings key of the heartbeat (intervals).</summary>
        public const string MaxSilenceKey = "sensor.max_silence";

        /// <summary>Settings key of the battery divider ratio (battery volts per ADC volt), 2.0 when absent.</summary>
        public const string BatteryDividerKey = "sensor.battery_divider";

        /// <summary>Battery mode: what was last reported (ReportPolicy.EncodeLastReported).</summary>
        public const string LastReportedKey = "sensor.last";

        /// <summary>Battery mode: intervals since the last report.</summary>
        public const string SilentKey = "sensor.silent";

        /// <summary>Battery mode: awake time of the last boot that reported, ms.</summary>
        public const string AwakeKey = "sensor.awake_ms";

        /// <summary>Battery mode: CRC of the announcements the broker holds.</summary>
        public const string AnnouncedKey = "sensor.announced";

        /// <summary>The modes offered by the <c>mode</c> select.</summary>
        public static readonly string[] ModeOptions = new string[] { "mains", "battery" };

        /// <summary>The intervals offered by the <c>interval</c> select, in seconds.</summary>
        public static readonly string[] IntervalOptions = new string[] { "10", "30", "60", "120", "300", "600", "900", "1800", "3600" };

        /// <summary>Longest a battery wake waits for the hub before giving up and sleeping.</summary>
        public const long AwakeBudgetMs = 20000;

        /// <summary>Longest a battery wake waits for the broker to confirm the readings.</summary>
        public const long FlushTimeoutMs = 5000;

        /// <summary>Shortest deep sleep.</summary>
        public const long MinimumSleepMs = 1000;

        private readonly EndpointRuntime _runtime;
        private readonly IClimateSensor _climate;
        private readonly BatteryAdc _battery;
        private readonly BinaryInput _binary;
        private readonly bool _batteryMode;
        private readonly ReportPolicy _policy = new ReportPolicy();
        private readonly SensorReadings _readings = new SensorReadings();
        private int _intervalTimer;
        private int _budgetTimer;
        private bool _reporting;
        private bool _connecting;
        private bool _connected;
        private bool _sleepWhenIdle;
        private int _intervalSeconds;
        private bool _climateStarted;
        private LoopAction _afterReading;
        private readonly LoopAction _measure;
        private readonly LoopAction _completeReading;

        private SensorApp(EndpointRuntime runtime, IClimateSensor climate, BatteryAdc battery, BinaryInput binary, string binaryRole, bool batteryMode)
            : base("sensor")
        {
            _runtime = runtime;
            _climate = climate;
            _battery = battery;
            _binary = binary;
            _batteryMode = batteryMode;
            _measure = Measure;
            _completeReading = CompleteReading;

            if (climate != null)
            {
                Temperature = new SensorEntity("temperature", "Temperature", "°C", 2);
                Temperature.DeviceClass = "temperature";
                Humidity = new SensorEntity("humidity", "Humidity", "%", 1);
                Humidity.DeviceClass = "humidity";
                if (climate.HasPressure)
                {
                    Pressure = new SensorEntity("pressure", "Pressure", "hPa", 1);
                    Pressure.DeviceClass = "pressure";
                }
            }

            if (battery != null)
            {
                Battery = new SensorEntity("battery", "Battery", "%", 0);
                Battery.DeviceClass = "battery";
                Battery.Category = EntityCategory.Diagnostic;
                BatteryVoltage = new SensorEntity("battery_voltage", "Battery voltage", "V", 2);
                BatteryVoltage.DeviceClass = "voltage";
                BatteryVoltage.Category = EntityCategory.Diagnostic;
            }

            if (binary != null)
            {
                Binary = binaryRole == "motion"
                    ? new BinarySensorEntity("motion", "Motion", "motion")
                    : new BinarySensorEntity("contact", "Contact", "opening");
            }

            if (batteryMode)
            {
                AwakeTime = new SensorEntity("awake_time", "Awake time", "ms", 0);
                AwakeTime.DeviceClass = "duration";
                AwakeTime.Category = EntityCategory.Diagnostic;
            }

            Mode = new SelectEntity("mode", "Power mode", ModeOptions);
            Mode.Category = EntityCategory.Config;
            Mode.Icon = "mdi:battery-clock";
            Interval = new SelectEntity("interval", "Report interval (s)", IntervalOptions);
            Interval.Category = EntityCategory.Config;
            Interval.Icon = "mdi:timer-outline";
        }

        /// <summary>Temperature, °C; null without a climate part.</summary>
        public SensorEntity Temperature { get; private set; }

        /// <summary>Relative humidity, %; null without a climate part.</summary>
        public SensorEntity Humidity { get; private set; }

        /// <summary>Pressure, hPa; null unless the part measures it.</summary>
        public SensorEntity Pressure { get; private set; }

        /// <summary>Battery charge, %; null without <c>battery_adc</c>.</summary>
        public SensorEntity Battery { get; private set; }

        /// <summary>Battery voltage, V; null without <c>battery_adc</c>.</summary>
        public SensorEntity BatteryVoltage { get; private set; }

        /// <summary>Contact (device class opening: ON = open) or motion; null without either pin.</summary>
        public BinarySensorEntity Binary { get; private set; }

        /// <summary>Battery mode: the awake time of the last boot that reported, ms; null in mains mode.</summary>
        public SensorEntity AwakeTime { get; private set; }

        /// <summary>The power mode setting.</summary>
        public SelectEntity Mode { get; private set; }

        /// <summary>The interval setting.</summary>
        public SelectEntity Interval { get; private set; }

        /// <summary>The report decisions (thresholds, last report).</summary>
        public ReportPolicy Policy
        {
            get { return _policy; }
        }

        /// <summary>True in battery mode.</summary>
        public bool IsBatteryMode
        {
            get { return _batteryMode; }
        }

        /// <summary>Seconds between readings.</summary>
        public int IntervalSeconds
        {
            get { return _intervalSeconds; }
        }

        /// <summary>The latest readings.</summary>
        public SensorReadings Latest
        {
            get { return _readings; }
        }

        /// <summary>Readings taken.</summary>
        public int ReadingsTaken { get; private set; }

        /// <summary>Readings that were reported.</summary>
        public int Reports { get; private set; }

        /// <summary>Climate reads that failed (no answer, CRC mismatch).</summary>
        public int ReadErrors { get; private set; }

        /// <summary>
        /// Composes the sensor on <paramref name="runtime"/> from the board's parts. Throws
        /// <see cref="ArgumentException"/> when the board has nothing to measure.
        /// </summary>
        public static SensorApp Build(EndpointRuntime runtime, BoardInfo board)
        {
            IHardware hw = runtime.Platform.Hardware;
            IClimateSensor climate = OpenClimate(hw, board);
            BatteryAdc battery = null;
            if (board.HasPin("battery_adc"))
            {
                battery = new BatteryAdc(hw.OpenAdc(board.Pin("battery_adc")), ReadNumber(runtime.Settings.Get(BatteryDividerKey), 2.0));
            }

            string binaryRole = board.HasPin("contact") ? "contact" : (board.HasPin("motion") ? "motion" : null);
            BinaryInput binary = null;
            if (binaryRole != null)
            {
                // A contact is a switch to GND (pull-up); a PIR module drives its output (pull-down keeps it
                // defined when unplugged). active_low says which level is "open" / "motion".
                PinMode pull = binaryRole == "contact" ? PinMode.InputPullUp : PinMode.InputPullDown;
                binary = new BinaryInput(hw.OpenPin(board.Pin(binaryRole), pull), board.IsActiveLow(binaryRole), runtime.Scheduler);
            }

            if (climate == null && battery == null && binary == null)
            {
                throw new ArgumentException("board " + board.Id + " has nothing to measure: the sensor needs a part sensirion,sht4x, sensirion,sht3x or bosch,bme280 on an I2C bus, or a 'battery_adc', 'contact' or 'motion' pin");
            }

            string mode = runtime.Settings.Get(ModeKey, board.Has("battery") ? "battery" : "mains");
            bool batteryMode = mode == "battery";
            if (batteryMode && runtime.Platform.Power == null)
            {
                batteryMode = false; // logged in Setup: this platform cannot sleep
            }

            SensorApp app = new SensorApp(runtime, climate, battery, binary, binaryRole, batteryMode);
            if (batteryMode)
            {
                // Sleeping devices: no availability (the entities expire instead), no resending of the
                // announcements the broker still holds, and no radio until there is something to say.
                runtime.Hub.Options.Availability = false;
                runtime.Hub.Options.SkipUnchangedAnnouncements = true;
                runtime.ConnectOnStart = false;
                if (runtime.Platform.SystemInfo != null && runtime.Platform.SystemInfo.ResetReason == "deep_sleep")
                {
                    runtime.Hub.AnnouncedHash = ReadHash(runtime.Settings.Get(AnnouncedKey));
                }
            }

            app.AddEntity(app.Temperature);
            app.AddEntity(app.Humidity);
            app.AddEntity(app.Pressure);
            app.AddEntity(app.Battery);
            app.AddEntity(app.BatteryVoltage);
            app.AddEntity(app.Binary);
            app.AddEntity(app.AwakeTime);
            runtime.Add(app.Mode);
            runtime.Add(app.Interval);
            runtime.Hub.RegisterCommand("thresholds", app.OnThresholdsCommand);
            runtime.Add(app);
            if (runtime.Advertiser != null)
            {
                app.Advertise(runtime.Advertiser);
            }

            return app;
        }

        // BTHome v2 (bthome.io/format): the readings as objects, from the same entities the hub gets, so BLE and
        // MQTT carry the same reported values. A sleeping device sets the trigger-based flag (device information
        // bit 2): it is heard only when it wakes, and receivers such as Home Assistant then keep it available
        // between advertisements ("sleepy device", home-assistant/core#92991) instead of timing it out.
        private void Advertise(Advertiser advertiser)
        {
            advertiser.TriggerBased = _batteryMode;
            if (Temperature != null)
            {
                advertiser.Add(Temperature, BthomeObjects.Temperature);
                advertiser.Add(Humidity, BthomeObjects.Humidity);
            }

            if (Pressure != null)
            {
                advertiser.Add(Pressure, BthomeObjects.Pressure);
            }

            if (Battery != null)
            {
                advertiser.Add(Battery, BthomeObjects.Battery);
                advertiser.Add(BatteryVoltage, BthomeObjects.Voltage);
            }

            if (Binary != null)
            {
                advertiser.Add(Binary, Binary.Id == "motion" ? BthomeObjects.Motion : BthomeObjects.Opening);
            }
        }

        /// <inheritdoc />
        public override void Setup()
        {
            string mode = _runtime.Settings.Get(ModeKey);
            if (mode == "battery" && !_batteryMode)
            {
                LogWarning("battery mode needs deep sleep, which this platform lacks: running in mains mode");
            }

            Mode.Select(_batteryMode ? "battery" : "mains");
            _intervalSeconds = (int)ReadNumber(_runtime.Settings.Get(IntervalKey), _batteryMode ? 300 : 60);
            if (!Interval.Select(Seconds(_intervalSeconds)))
            {
                LogWarning("stored interval " + _intervalSeconds + " s is not offered; using " + (_batteryMode ? 300 : 60) + " s");
                _intervalSeconds = _batteryMode ? 300 : 60;
                Interval.Select(Seconds(_intervalSeconds));
            }

            _policy.TemperatureStep = ReadNumber(_runtime.Settings.Get(TemperatureStepKey), ReportPolicy.DefaultTemperatureStep);
            _policy.HumidityStep = ReadNumber(_runtime.Settings.Get(HumidityStepKey), ReportPolicy.DefaultHumidityStep);
            _policy.PressureStep = ReadNumber(_runtime.Settings.Get(PressureStepKey), ReportPolicy.DefaultPressureStep);
            _policy.MaxSilence = (int)ReadNumber(_runtime.Settings.Get(MaxSilenceKey), ReportPolicy.DefaultMaxSilence);
            SetExpiry();

            Mode.Changed += e => OnModeChanged();
            Interval.Changed += e => OnIntervalChanged();
            if (_batteryMode)
            {
                bool woke = _runtime.Platform.SystemInfo != null && _runtime.Platform.SystemInfo.ResetReason == "deep_sleep";
                if (woke)
                {
                    // After a power-on everything is reported afresh; after a wake only what changed.
                    _policy.DecodeLastReported(_runtime.Settings.Get(LastReportedKey));
                    _policy.SilentIntervals = (int)ReadNumber(_runtime.Settings.Get(SilentKey), 0);
                }

                double awake = ReadNumber(_runtime.Settings.Get(AwakeKey), double.NaN);
                if (!double.IsNaN(awake))
                {
                    AwakeTime.Update(awake);
                }

                _runtime.Hub.StateChanged += OnHubState;
                _runtime.Awake.Released += OnAwakeReleased;
                _afterReading = OnBatteryReading;
                Measure();
                return;
            }

            if (_binary != null)
            {
                Binary.Update(_binary.IsActive);
                _binary.Changed += (input, active) =>
                {
                    LogInfo(Binary.Id + " " + (active ? "ON" : "OFF"));
                    Binary.Update(active);
                };
            }

            _afterReading = OnMainsReading;
            Measure();
            _intervalTimer = Scheduler.SetInterval(_intervalSeconds * 1000L, _measure);
        }

        /// <inheritdoc />
        public override void DumpConfig()
        {
            LogInfo((_climate != null ? _climate.Model : "no climate part") + (_battery != null ? ", battery" : string.Empty)
                + (Binary != null ? ", " + Binary.Id : string.Empty) + "; " + (_batteryMode ? "battery" : "mains") + " mode, every "
                + _intervalSeconds + " s; report on ±" + _policy.TemperatureStep + " °C, ±" + _policy.HumidityStep + " %RH"
                + (Pressure != null ? ", ±" + _policy.PressureStep + " hPa" : string.Empty) + ", at least every " + _policy.MaxSilence + " intervals");
        }

        private void AddEntity(Entity entity)
        {
            if (entity != null)
            {
                _runtime.Add(entity);
            }
        }

        // Starts the climate part, then reads everything after its conversion time. The callbacks are
        // created once (in the constructor) so a reading allocates nothing of its own.
        private void Measure()
        {
            _readings.Clear();
            _climateStarted = false;
            if (_climate != null)
            {
                _climateStarted = _climate.Start();
                if (!_climateStarted)
                {
                    ReadErrors++;
                    LogWarning(_climate.Model + " does not answer (" + StatusText(_climate.Status) + ")");
                }
            }

            Scheduler.SetTimeout(_climateStarted ? _climate.MeasurementMs : 0, _completeReading);
        }

        private void CompleteReading()
        {
            if (_climateStarted && !_climate.TryRead(_readings))
            {
                // A failed read reports nothing rather than an old value (the entities expire instead).
                ReadErrors++;
                LogWarning(_climate.Model + " read failed: " + StatusText(_climate.Status));
            }

            if (_battery != null)
            {
                _battery.TryRead(out _readings.BatteryVolts, out _readings.BatteryPercent);
            }

            if (_binary != null)
            {
                _readings.HasBinary = true;
                _readings.BinaryActive = _batteryMode ? _binary.Sample() : _binary.IsActive;
            }

            ReadingsTaken++;
            _afterReading();
        }

        private void OnMainsReading()
        {
            bool changed = _policy.HasChanged(_readings);
            if (!changed && !_policy.IsHeartbeatDue)
            {
                _policy.Skipped();
                return;
            }

            Publish(!changed);
            Reports++;
            _policy.Reported(_readings);
        }

        private void OnBatteryReading()
        {
            bool changed = _policy.HasChanged(_readings);
            bool heartbeat = _policy.IsHeartbeatDue;
            if (!changed && !heartbeat)
            {
                _policy.Skipped();
                LogDebug("no change: back to sleep without the radio");
                SleepWhenIdle();
                return;
            }

            // The hub publishes every entity's state when it comes online: set them, then connect.
            Publish(heartbeat && !changed);
            _reporting = true;
            _connecting = true;
            _budgetTimer = Scheduler.SetTimeout(AwakeBudgetMs, () =>
            {
                _budgetTimer = 0;
                LogWarning("hub not reached within " + (AwakeBudgetMs / 1000) + " s: sleeping, will report at the next wake");
                FinishReport(false);
            });
            _runtime.Connect();
        }

        private void OnHubState(HubState state, string detail)
        {
            if (state != HubState.Online || !_reporting || _connected)
            {
                return;
            }

            _connected = true;

            // Posted: the hub publishes the states after raising Online, and the flush marker must follow them.
            Scheduler.Post(() => _runtime.Hub.Flush(FlushTimeoutMs, FinishReport));
        }

        private void FinishReport(bool confirmed)
        {
            if (!_reporting)
            {
                return;
            }

            _reporting = false;
            if (_budgetTimer != 0)
            {
                Scheduler.Cancel(_budgetTimer);
                _budgetTimer = 0;
            }

            if (confirmed)
            {
                Reports++;
                _policy.Reported(_readings);
            }
            else
            {
                _policy.Skipped();
                LogWarning("the broker did not confirm the readings: they are sent again at the next wake");
            }

            SleepWhenIdle();
        }

        // Sleeps now, or as soon as nobody holds the device awake (the BTHome burst of the readings just set, an
        // update in transfer: EndpointRuntime.Awake).
        private void SleepWhenIdle()
        {
            _sleepWhenIdle = true;
            if (_runtime.Awake.IsHeld)
            {
                LogDebug("staying awake for " + _runtime.Awake.Holders);
                return;
            }

            Sleep();
        }

        private void OnAwakeReleased()
        {
            if (_sleepWhenIdle)
            {
                Sleep();
            }
        }

        private void Sleep()
        {
            _sleepWhenIdle = false;
            long awake = Clock.UptimeMs;
            long sleepMs = (_intervalSeconds * 1000L) - awake;
            if (sleepMs < MinimumSleepMs)
            {
                sleepMs = MinimumSleepMs;
            }

            // One settings write per wake: what the next boot needs to decide without the radio.
            if (_connected)
            {
                _runtime.Settings.SetMany(
                    new string[] { LastReportedKey, SilentKey, AwakeKey, AnnouncedKey },
                    new string[] { _policy.EncodeLastReported(), _policy.SilentIntervals.ToString(), awake.ToString(), _runtime.Hub.AnnouncedHash.ToString() });
            }
            else
            {
                _runtime.Settings.Set(SilentKey, _policy.SilentIntervals.ToString());
            }

            if (_connecting)
            {
                // A clean goodbye without "offline": the device is asleep, not gone.
                _runtime.Hub.Stop(false);
            }

            LogInfo("awake " + awake + " ms" + (_connected ? " (reported)" : string.Empty) + "; deep sleep " + (sleepMs / 1000) + " s");
            _runtime.Platform.Power.DeepSleep(sleepMs);
        }

        // Updates the entities from the readings; a heartbeat republishes even unchanged values.
        private void Publish(bool heartbeat)
        {
            if (IsLogEnabled(LogLevel.Info))
            {
                LogInfo((heartbeat ? "heartbeat: " : "report: ") + Describe(_readings));
            }

            Set(Temperature, _readings.Celsius, heartbeat);
            Set(Humidity, _readings.Humidity, heartbeat);
            Set(Pressure, _readings.Hectopascals, heartbeat);
            Set(Battery, _readings.BatteryPercent, heartbeat);
            Set(BatteryVoltage, _readings.BatteryVolts, heartbeat);
            if (Binary != null && _readings.HasBinary)
            {
                Binary.Update(_readings.BinaryActive);
            }
        }

        private static void Set(SensorEntity entity, double value, bool heartbeat)
        {
            if (entity == null || double.IsNaN(value))
            {
                return;
            }

            if (heartbeat)
            {
                entity.Report(value);
            }
            else
            {
                entity.Update(value);
            }
        }

        // Readings expire in Home Assistant when no report came for two heartbeats' worth of intervals:
        // a healthy sensor reports at least every MaxSilence intervals, so only a dead one expires.
        private void SetExpiry()
        {
            int seconds = _intervalSeconds * (_policy.MaxSilence + 2);
            SetExpiry(Temperature, seconds);
            SetExpiry(Humidity, seconds);
            SetExpiry(Pressure, seconds);
            SetExpiry(Battery, seconds);
            SetExpiry(BatteryVoltage, seconds);
            SetExpiry(AwakeTime, seconds);
            if (Binary != null && _batteryMode)
            {
                // In mains mode the contact reports on edges, not on the heartbeat, so it never expires.
                Binary.ExpireAfterSeconds = seconds;
            }
        }

        private static void SetExpiry(SensorEntity entity, int seconds)
        {
            if (entity != null)
            {
                entity.ExpireAfterSeconds = seconds;
            }
        }

        private void OnModeChanged()
        {
            _runtime.Settings.Set(ModeKey, Mode.Selected);
            LogInfo("power mode " + Mode.Selected + ": restarting");
            Scheduler.SetTimeout(500, () =>
            {
                _runtime.Stop();
                if (_runtime.Platform.Reboot != null)
                {
                    _runtime.Platform.Reboot.Reboot("mode change");
                }
            });
        }

        private void OnIntervalChanged()
        {
            _intervalSeconds = (int)ReadNumber(Interval.Selected, _intervalSeconds);
            _runtime.Settings.Set(IntervalKey, Interval.Selected);
            LogInfo("interval " + _intervalSeconds + " s");
            if (_intervalTimer != 0)
            {
                Scheduler.Cancel(_intervalTimer);
                _intervalTimer = Scheduler.SetInterval(_intervalSeconds * 1000L, _measure);
            }

            AnnounceExpiry();
        }

        private void AnnounceExpiry()
        {
            SetExpiry();
            if (_runtime.Hub.State == HubState.Online)
            {
                _runtime.Hub.PublishAnnouncements();
            }
        }

        // cmd/thresholds {"temperature":0.2,"humidity":1,"pressure":0.5,"max_silence":12}: every member
        // optional; all are checked before any is applied; the result holds the values in force.
        private string OnThresholdsCommand(byte[] payload, int offset, int count, JsonWriter result)
        {
            double temperature = _policy.TemperatureStep;
            double humidity = _policy.HumidityStep;
            double pressure = _policy.PressureStep;
            double maxSilence = _policy.MaxSilence;
            int trimmed = Utf8.Trim(payload, ref offset, count);
            if (trimmed > 0)
            {
                try
                {
                    JsonReader reader = new JsonReader(payload, offset, trimmed);
                    if (!reader.Read() || reader.Token != JsonToken.BeginObject)
                    {
                        return "expected a JSON object such as {\"temperature\":0.2}";
                    }

                    while (reader.Read() && reader.Token == JsonToken.PropertyName)
                    {
                        string error;
                        if (reader.ValueEquals("temperature"))
                        {
                            error = ReadStep(reader, "temperature", 0.01, 10, ref temperature);
                        }
                        else if (reader.ValueEquals("humidity"))
                        {
                            error = ReadStep(reader, "humidity", 0.1, 50, ref humidity);
                        }
                        else if (reader.ValueEquals("pressure"))
                        {
                            error = ReadStep(reader, "pressure", 0.01, 50, ref pressure);
                        }
                        else if (reader.ValueEquals("max_silence"))
                        {
                            error = ReadStep(reader, "max_silence", 1, 1000, ref maxSilence);
                            if (error == null && maxSilence != Math.Floor(maxSilence))
                            {
                                error = "max_silence must be a whole number of intervals";
                            }
                        }
                        else
                        {
                            error = "unknown member '" + reader.GetString() + "'; known: temperature, humidity, pressure, max_silence";
                        }

                        if (error != null)
                        {
                            return error;
                        }
                    }

                    reader.Read();
                }
                catch (JsonFormatException ex)
                {
                    return "not valid JSON: " + ex.Message;
                }
            }

            bool silenceChanged = (int)maxSilence != _policy.MaxSilence;
            _policy.TemperatureStep = temperature;
            _policy.HumidityStep = humidity;
            _policy.PressureStep = pressure;
            _policy.MaxSilence = (int)maxSilence;
            _runtime.Settings.SetMany(
                new string[] { TemperatureStepKey, HumidityStepKey, PressureStepKey, MaxSilenceKey },
                new string[] { Text(temperature), Text(humidity), Text(pressure), Text(maxSilence) });
            if (silenceChanged)
            {
                AnnounceExpiry();
            }

            result.Property("temperature", temperature, 2);
            result.Property("humidity", humidity, 2);
            result.Property("pressure", pressure, 2);
            result.Property("max_silence", (long)maxSilence);
            return null;
        }

        private static string ReadStep(JsonReader reader, string name, double min, double max, ref double value)
        {
            reader.Read();
            if (reader.Token != JsonToken.Number)
            {
                return name + " must be a number";
            }

            double v = reader.GetDouble();
            if (v < min || v > max)
            {
                return name + " must be from " + Text(min) + " to " + Text(max);
            }

            value = v;
            return null;
        }

        private static IClimateSensor OpenClimate(IHardware hw, BoardInfo board)
        {
            string[] ids = new string[] { "sensirion,sht4x", "sensirion,sht3x", "bosch,bme280" };
            for (int i = 0; i < ids.Length; i++)
            {
                BoardPart part = board.FindPart(ids[i]);
                if (part == null)
                {
                    continue;
                }

                II2cBus bus = OpenBus(hw, board, part);
                switch (i)
                {
                    case 0:
                        return new Sht4xClimate(new Sht4x(bus, part.Address));
                    case 1:
                        return new Sht3xClimate(new Sht3x(bus, part.Address));
                    default:
                        return new Bme280Climate(new Bme280(bus, part.Address));
                }
            }

            return null;
        }

        private static II2cBus OpenBus(IHardware hw, BoardInfo board, BoardPart part)
        {
            string bus = part.Bus;
            int busId = bus != null && bus.Length == 4 && bus.IndexOf("i2c") == 0 ? bus[3] - '0' : -1;
            if (busId < 0 || busId > 9 || !board.HasPin(bus + ".sda") || !board.HasPin(bus + ".scl"))
            {
                throw new ArgumentException("board " + board.Id + ": part " + part.Compatible + " is on bus '" + bus + "', which needs pins " + bus + ".sda and " + bus + ".scl");
            }

            return hw.OpenI2c(busId, board.Pin(bus + ".sda"), board.Pin(bus + ".scl"), 100000);
        }

        private string Describe(SensorReadings r)
        {
            ByteBuffer b = new ByteBuffer(96);
            Append(b, r.Celsius, 2, " °C, ");
            Append(b, r.Humidity, 1, " %RH, ");
            Append(b, r.Hectopascals, 1, " hPa, ");
            Append(b, r.BatteryVolts, 2, " V, ");
            Append(b, r.BatteryPercent, 0, " %, ");
            if (r.HasBinary)
            {
                b.AppendUtf8(Binary.Id + (r.BinaryActive ? " ON, " : " OFF, "));
            }

            return b.Length >= 2 ? System.Text.Encoding.UTF8.GetString(b.Data, 0, b.Length - 2) : "nothing measured";
        }

        private static void Append(ByteBuffer b, double value, int decimals, string unit)
        {
            if (!double.IsNaN(value))
            {
                b.AppendFixed(value, decimals);
                b.AppendUtf8(unit);
            }
        }

        private static string StatusText(SensorStatus status)
        {
            switch (status)
            {
                case SensorStatus.NoResponse:
                    return "no acknowledge";
                case SensorStatus.CrcMismatch:
                    return "CRC mismatch";
                case SensorStatus.InvalidData:
                    return "invalid data";
                case SensorStatus.NotStarted:
                    return "not started";
                default:
                    return "ok";
            }
        }

        private static string Seconds(int seconds)
        {
            return seconds.ToString();
        }

        // Settings hold numbers as JSON number text (culture-free on both targets).
        private static double ReadNumber(string text, double fallback)
        {
            if (text == null)
            {
                return fallback;
            }

            try
            {
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
                JsonReader reader = new JsonReader(bytes, 0, bytes.Length);
                if (reader.Read() && reader.Token == JsonToken.Number)
                {
                    double v = reader.GetDouble();
                    if (!reader.Read())
                    {
                        return v;
                    }
                }
            }
            catch (JsonFormatException)
            {
            }

            return fallback;
        }

        private static string Text(double value)
        {
            ByteBuffer b = new ByteBuffer(24);
            b.AppendFixed(value, 3);
            return b.ToString();
        }

        private static uint ReadHash(string text)
        {
            double v = ReadNumber(text, 0);
            return v >= 0 && v <= uint.MaxValue ? (uint)v : 0;
        }
    }
}
