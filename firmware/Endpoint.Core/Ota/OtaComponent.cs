using System;
using Endpoint.Core.Hub;
using Endpoint.Core.Json;
using Endpoint.Core.Net;
using Endpoint.Core.Runtime;
using Endpoint.Core.Text;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// Over-the-air updates through the hub (Ota/README.md, "Delivery"):
    /// <list type="bullet">
    /// <item><c>cmd/ota</c> takes an offer: the signature is checked first, then the manifest and
    /// every policy (app, board, SoC, bootstrapper version, anti-rollback); a refusal changes nothing.</item>
    /// <item>Assemblies the running slot has are copied; the others are requested block by block on
    /// <c>ota/request</c> and arrive on <c>ota/block</c> or, when the offer names a <c>url</c>, are fetched as HTTP
    /// range requests through <see cref="Platform.Http"/>. Progress survives disconnects and reboots.</item>
    /// <item>When every assembly is verified the slot is switched and the device reboots into it on trial.</item>
    /// <item>A trial app confirms itself when the hub is online (connected and subscribed); one that is
    /// not within <see cref="OtaOptions.TrialTimeoutMs"/> reboots, and the bootstrapper rolls back
    /// after its trial boots are used up.</item>
    /// </list>
    /// State and results go to <c>ota/status</c>, retained: the last status is where the device stands, and a
    /// publisher that lost its connection reads it when it subscribes again.
    /// <para>While a transfer is in progress (an accepted offer, the hub online) the component holds
    /// <see cref="EndpointRuntime.Awake"/>, so a device that deep-sleeps between readings stays awake until the
    /// update is installed, fails, stalls or loses the hub (it resumes at a later connection).</para>
    /// </summary>
    public sealed class OtaComponent : Component
    {
        private const string StatusKey = "ota-status";
        private const string RequestKey = "ota-request";

        /// <summary>The name this component holds <see cref="StayAwake"/> under.</summary>
        public const string AwakeHolder = "ota";

        private readonly EndpointRuntime _runtime;
        private readonly HubClient _hub;
        private readonly string _soc;
        private readonly byte[] _publicKey;
        private readonly int _bootVersion;
        private readonly OtaOptions _options;
        private readonly BootRecordStore _records;
        private readonly OtaInstaller _installer;
        private readonly JsonWriter _json = new JsonWriter(new ByteBuffer(256));
        private readonly IHttpRangeFetcher _http;
        private readonly Backoff _httpBackoff;

        private BootRecord _boot;
        private int _blockSize = OtaLimits.DefaultBlockBytes;
        private int _window = 1;
        private int _file = -1;
        private int _requestedTo;
        private long _lastBlockAt;
        private long _lastStatusAt;
        private int _lastPercent = -1;
        private int _requestTimer;
        private int _trialTimer;
        private bool _stepScheduled;
        private bool _rebooting;

        // HTTP delivery: the offer's URL (null: blocks over MQTT), where the assemblies start in the .epk, the .epk's
        // size, whether a fetch is out, and a generation that makes the answer of a superseded fetch a no-op.
        private string _url;
        private int _manifestLength;
        private int _httpFileSize;
        private bool _fetching;
        private bool _httpHalted;
        private int _fetchGeneration;

        /// <summary>
        /// Creates the component. <paramref name="publicKey"/> is the trusted key (null: offers are
        /// refused, trial confirmation still works); <paramref name="bootVersion"/> is what the
        /// bootstrapper recorded (<see cref="BootVersionFile"/>), 0 when the app was not started by it.
        /// </summary>
        public OtaComponent(EndpointRuntime runtime, string soc, byte[] publicKey, int bootVersion, OtaOptions options)
            : base("ota")
        {
            _runtime = runtime;
            _hub = runtime.Hub;
            _soc = soc;
            _publicKey = publicKey;
            _bootVersion = bootVersion;
            _options = options;
            _records = new BootRecordStore(runtime.Platform.Files);
            _installer = new OtaInstaller(runtime.Platform.Files);
            _http = runtime.Platform.Http;
            _httpBackoff = new Backoff(1000, 60000, runtime.Platform.Random != null ? runtime.Platform.Random : new Random());
        }

        /// <summary>The installer (for diagnostics and tests).</summary>
        public OtaInstaller Installer
        {
            get { return _installer; }
        }

        /// <summary>The boot record as this component last read or wrote it.</summary>
        public BootRecord BootRecord
        {
            get { return _boot; }
        }

        /// <summary>Adds the component to <paramref name="runtime"/> with the key and bootstrapper version found in its flash.</summary>
        public static OtaComponent Attach(EndpointRuntime runtime, string soc, OtaOptions options)
        {
            OtaComponent ota = new OtaComponent(runtime, soc, TrustedKey.Read(runtime.Platform.Files), BootVersionFile.Read(runtime.Platform.Files), options);
            runtime.Add(ota);
            return ota;
        }

        /// <inheritdoc />
        public override void Setup()
        {
            _boot = _records.Read();
            if (_boot == null)
            {
                _boot = new BootRecord();
            }

            _hub.RegisterCommand("ota", OnOffer, OtaLimits.MaxOfferBytes);
            _hub.Subscribe("ota/block", OnBlock);
            _hub.StateChanged += OnHubState;
            if (_boot.Active != BootRecord.None && _boot.Trial)
            {
                _trialTimer = Scheduler.SetTimeout(_options.TrialTimeoutMs, OnTrialTimeout);
            }

            if (_installer.Resume(_boot))
            {
                LogInfo("resuming the update to " + _installer.Manifest.Version + ": " + _installer.DownloadDone + " of " + _installer.DownloadTotal + " bytes stored");
                _lastBlockAt = Clock.UptimeMs;
                ScheduleStep();
            }
        }

        /// <inheritdoc />
        public override void DumpConfig()
        {
            string key = _publicKey == null ? "no trusted key (ota.pub): offers are refused" : "trusted key " + TrustedKey.Fingerprint(_publicKey) + "…";
            string slot = _boot.Active == BootRecord.None ? "built-in app" : "slot " + BootRecord.SlotName(_boot.Active) + " build " + _boot.ActiveBuild + (_boot.Trial ? " (trial boot " + _boot.TrialBoots + ")" : string.Empty);
            LogInfo(slot + ", bootstrapper " + (_bootVersion == 0 ? "absent" : "v" + _bootVersion) + ", " + key);
        }

        private void OnHubState(HubState state, string detail)
        {
            if (state != HubState.Online)
            {
                CancelRequestTimer();
                if (!_rebooting)
                {
                    // Nothing can arrive now: a sleeping device may sleep and resume later. Not while rebooting into
                    // the new app (the stop before the reboot takes the hub away): a sleep then would delay the reboot.
                    StopHolding();
                }

                return;
            }

            if (_rebooting)
            {
                // Installed and about to restart (a resumed download can finish before the hub is up): the record
                // already names the new slot on trial, and only the new app, once started, may confirm it.
                return;
            }

            if (_boot.Active != BootRecord.None && _boot.Trial)
            {
                Confirm();
            }
            else if (_boot.Result != BootResult.None && !_boot.ResultReported)
            {
                ReportBootResult();
            }

            if (_installer.HasJob)
            {
                // Blocks in flight when the link dropped are gone: ask again from what is stored.
                Hold();
                _requestedTo = 0;
                _httpHalted = false;
                _fetchGeneration++; // a fetch out when the link dropped may never answer: ask afresh
                _fetching = false;
                _lastBlockAt = Clock.UptimeMs;
                ScheduleStep();
            }
        }

        // Connected and subscribed: the new app works well enough to be updated again, so keep it.
        private void Confirm()
        {
            if (_trialTimer != 0)
            {
                Scheduler.Cancel(_trialTimer);
                _trialTimer = 0;
            }

            BootRecord n = _boot.Clone();
            n.Trial = false;
            n.TrialBoots = 0;
            n.Floor = n.ActiveBuild > n.Floor ? n.ActiveBuild : n.Floor;
            n.Result = BootResult.Updated;
            n.ResultReported = true;
            n.Reason = null;
            _records.Write(n);
            _boot = n;
            _records.WriteLastKnownGood(n);
            LogInfo("confirmed healthy: build " + n.ActiveBuild + " is now the last known good app");
            BeginStatus("done", Hex.Encode(n.ActiveDigest, 0, BlockMessage.BundleIdSize));
            _json.Property("build", n.ActiveBuild);
            EndStatus();
        }

        private void ReportBootResult()
        {
            string state = _boot.Result == BootResult.RolledBack ? "rolled-back" : _boot.Result == BootResult.Recovered ? "recovered" : "done";
            bool failedBundle = _boot.Result == BootResult.RolledBack && _boot.Previous == BootRecord.None;
            BeginStatus(state, failedBundle ? Hex.Encode(_boot.PreviousDigest, 0, BlockMessage.BundleIdSize) : null);
            if (failedBundle)
            {
                _json.Property("failed_build", _boot.PreviousBuild);
            }

            if (_boot.Reason != null)
            {
                _json.Property("error", _boot.Reason);
            }

            EndStatus();
            LogWarning(state + ": " + (_boot.Reason == null ? string.Empty : _boot.Reason));
            BootRecord n = _boot.Clone();
            n.ResultReported = true;
            _records.Write(n);
            _boot = n;
        }

        private void OnTrialTimeout()
        {
            _trialTimer = 0;
            if (_boot.Trial)
            {
                LogError("not online with the hub within " + (_options.TrialTimeoutMs / 1000) + " s on trial boot " + _boot.TrialBoots + ": restarting");
                Reboot("ota: trial not confirmed");
            }
        }

        private string OnOffer(byte[] payload, int offset, int count, JsonWriter result)
        {
            if (count == 0)
            {
                // The hub clearing its retained offer (an empty retained PUBLISH, MQTT 3.1.1 §3.3.1.3) reaches
                // subscribers as an empty message: not an offer, nothing to answer.
                return HubClient.Ignored;
            }

            if (_rebooting)
            {
                // The record already names the new slot, so the offer would read as "up-to-date" (and a publisher end
                // "done") before the new app ever started: the retained offer is answered after the restart instead.
                return HubClient.Ignored;
            }

            string bundle = null;
            try
            {
                if (_publicKey == null)
                {
                    throw new OtaException("this device has no trusted OTA key (ota.pub)");
                }

                if (_bootVersion == 0)
                {
                    throw new OtaException("this app was not started by Endpoint.Boot, which updates need");
                }

                OtaOffer offer = OtaOffer.Parse(payload, offset, count);
                byte[] digest = OtaDigest.Of(offer.Manifest, 0, offer.Manifest.Length);
                bundle = Hex.Encode(digest, 0, BlockMessage.BundleIdSize);
                if (!OtaSignature.Verify(_publicKey, offer.Manifest, 0, offer.Manifest.Length, offer.Signature))
                {
                    throw new OtaException("the manifest signature does not match this device's trusted key (tampered manifest or wrong key)");
                }

                BundleManifest m = BundleManifest.Parse(offer.Manifest, 0, offer.Manifest.Length);
                CheckPolicy(m, digest);
                if (offer.Url != null && _http == null)
                {
                    throw new OtaException("this device cannot fetch bundles over HTTP: offer it without 'url'");
                }

                _blockSize = offer.BlockSize;
                _window = offer.Window;
                if (_boot.Active != BootRecord.None && OtaDigest.Same(digest, _boot.ActiveDigest))
                {
                    result.Property("state", "up-to-date");
                    BeginStatus("done", bundle);
                    _json.Property("build", m.Build);
                    EndStatus();
                    return null;
                }

                if (_installer.HasJob && OtaDigest.Same(digest, _installer.Digest))
                {
                    // Requests already out stay valid (the hub re-offers after a reconnect, when the
                    // device has asked again by itself); a lost one is sent again on its timeout.
                    LogInfo("offer of the update in progress: resuming");
                }
                else
                {
                    if (_installer.HasJob)
                    {
                        LogInfo("a newer offer replaces the update to " + _installer.Manifest.Version);
                        _boot = _installer.Abandon(_boot);
                    }

                    _boot = _installer.Begin(_boot, offer.Manifest, offer.Signature, m, digest);
                    LogInfo("installing " + m.Version + " (build " + m.Build + ") into slot " + BootRecord.SlotName(_installer.Slot) + ": " + _installer.DownloadTotal + " bytes to download, " + _installer.ReuseTotal + " reused");
                    _file = -1;
                    _requestedTo = 0;
                }

                UseSource(offer, m);
                _lastPercent = -1;
                _lastBlockAt = Clock.UptimeMs;
                Hold();
                result.Property("state", "downloading");
                result.Property("download", _installer.DownloadTotal - _installer.DownloadDone);
                result.Property("reuse", _installer.ReuseTotal);
                Status("downloading", true);
                ScheduleStep();
                return null;
            }
            catch (OtaException ex)
            {
                LogWarning("offer refused: " + ex.Message);
                BeginStatus("refused", bundle);
                _json.Property("error", ex.Message);
                EndStatus();
                return ex.Message;
            }
        }

        // The offer says where the blocks come from; a fetch out for another source or job is superseded.
        private void UseSource(OtaOffer offer, BundleManifest m)
        {
            _fetchGeneration++;
            _fetching = false;
            _httpHalted = false;
            _httpBackoff.Reset();
            _url = offer.Url;
            _manifestLength = offer.Manifest.Length;
            _httpFileSize = BundleLayout.AssembliesOffset(_manifestLength) + m.TotalSize;
            if (_url != null)
            {
                CancelRequestTimer();
            }
        }

        private void CheckPolicy(BundleManifest m, byte[] digest)
        {
            if (m.App != _runtime.Identity.Type)
            {
                throw new OtaException("the bundle is the app '" + m.App + "', this device runs '" + _runtime.Identity.Type + "'");
            }

            if (!m.SupportsBoard(_runtime.Identity.Board))
            {
                throw new OtaException("the bundle is for " + m.BoardList() + ", this device is " + _runtime.Identity.Board);
            }

            if (m.Soc != _soc)
            {
                throw new OtaException("the bundle is built for the " + m.Soc + ", this device is an " + _soc);
            }

            if (m.MinBoot > _bootVersion)
            {
                throw new OtaException("the bundle needs Endpoint.Boot " + m.MinBoot + " or newer, this device has " + _bootVersion);
            }

            bool installed = _boot.Active != BootRecord.None && OtaDigest.Same(digest, _boot.ActiveDigest);
            if (installed)
            {
                return;
            }

            int running = _boot.Active != BootRecord.None ? _boot.ActiveBuild : 0;
            int floor = running > _boot.Floor ? running : _boot.Floor;
            if (m.Build < floor)
            {
                throw new OtaException("build " + m.Build + " is older than build " + floor + " this device runs or ran (anti-rollback)");
            }

            if (m.Build == running)
            {
                throw new OtaException("build " + m.Build + " is already installed with other content: a new bundle needs a higher build number");
            }
        }

        private void ScheduleStep()
        {
            if (_stepScheduled || _rebooting)
            {
                return;
            }

            _stepScheduled = true;
            Scheduler.SetTimeout(0, () =>
            {
                _stepScheduled = false;
                Step();
            });
        }

        // One unit of work per loop turn, so a long copy never starves the rest of the device.
        private void Step()
        {
            if (!_installer.HasJob || _rebooting)
            {
                return;
            }

            try
            {
                int i = _installer.NextFile();
                if (i < 0)
                {
                    Install();
                    return;
                }

                AssemblyEntry entry = _installer.Manifest.Assemblies[i];
                if (_installer.Stored(i) == entry.Size)
                {
                    if (_installer.VerifyStep(i))
                    {
                        if (!_installer.IsDone(i))
                        {
                            LogWarning("assembly " + entry.Name + " failed its SHA-256 check: fetching it again");
                        }

                        _file = -1;
                    }

                    ScheduleStep();
                    return;
                }

                if (_installer.IsLocal(i))
                {
                    _installer.CopyChunk(i);
                    ScheduleStep();
                    return;
                }

                if (i != _file)
                {
                    _file = i;
                    _requestedTo = 0;
                }

                if (_url != null)
                {
                    Fetch();
                }
                else
                {
                    RequestBlocks();
                }
            }
            catch (OtaException ex)
            {
                Abort(ex.Message);
            }
            catch (Exception ex)
            {
                Abort("storage error: " + ex.Message);
            }
        }

        private void RequestBlocks()
        {
            if (_hub.State != HubState.Online)
            {
                return;
            }

            int size = _installer.Manifest.Assemblies[_file].Size;
            int stored = _installer.Stored(_file);
            if (_requestedTo < stored)
            {
                _requestedTo = stored;
            }

            // QoS 0: a request is idempotent and retried on its timeout, while a QoS 1 request would be
            // sent again by the transport after a reconnect and have the hub send its block twice.
            while (_requestedTo < size && _requestedTo - stored < _window * _blockSize)
            {
                int length = size - _requestedTo < _blockSize ? size - _requestedTo : _blockSize;
                new BlockRequest(_installer.BundleIdHex, _file, _requestedTo, length).Write(_json);
                _hub.Publish("ota/request", _json.Buffer.Data, 0, _json.Buffer.Length, 0, false, RequestKey);
                _requestedTo += length;
            }

            CancelRequestTimer();
            _requestTimer = Scheduler.SetTimeout(_options.RequestTimeoutMs, OnRequestTimeout);
        }

        private void OnRequestTimeout()
        {
            _requestTimer = 0;
            if (!_installer.HasJob || _hub.State != HubState.Online)
            {
                return;
            }

            if (Clock.UptimeMs - _lastBlockAt >= _options.StallTimeoutMs)
            {
                LogWarning("no block from the hub for " + (_options.StallTimeoutMs / 1000) + " s: waiting for a new offer");
                BeginStatus("failed", _installer.BundleIdHex);
                _json.Property("error", "no block from the hub for " + (_options.StallTimeoutMs / 1000) + " s; offer the bundle again to resume");
                EndStatus();
                StopHolding(); // after the status: a sleepy device may go to sleep at once
                return;
            }

            // Lost request or block: ask again from what is stored.
            _requestedTo = 0;
            ScheduleStep();
        }

        // HTTP delivery: one range request at a time, for the next block of the current assembly, from what is stored
        // (so a cut or a reboot resumes exactly where the flash says). The answer is posted into the loop.
        private void Fetch()
        {
            if (_fetching || _httpHalted || _hub.State != HubState.Online)
            {
                return;
            }

            int file = _file;
            int size = _installer.Manifest.Assemblies[file].Size;
            int stored = _installer.Stored(file);
            int length = size - stored < _blockSize ? size - stored : _blockSize;
            int first = (int)BundleLayout.AssemblyOffset(_installer.Manifest, _manifestLength, file) + stored;
            int generation = _fetchGeneration;
            _fetching = true;
            CancelRequestTimer();

            // The adapter answers within its timeout; the watchdog covers one that never does.
            _requestTimer = Scheduler.SetTimeout(_options.RequestTimeoutMs * 2, () =>
            {
                _requestTimer = 0;
                OnFetched(generation, file, stored, length, first, HttpRangeResponse.Failed("no answer within " + (_options.RequestTimeoutMs * 2 / 1000) + " s"));
            });
            _http.Fetch(_url, first, first + length - 1, (int)_options.RequestTimeoutMs, response =>
            {
                Scheduler.Post(() => OnFetched(generation, file, stored, length, first, response));
            });
        }

        private void OnFetched(int generation, int file, int stored, int length, int first, HttpRangeResponse response)
        {
            if (generation != _fetchGeneration || !_fetching)
            {
                return; // superseded by a new offer or source, or already given up on by the watchdog
            }

            _fetchGeneration++;
            _fetching = false;
            CancelRequestTimer();
            if (!_installer.HasJob || _rebooting || file != _file || stored != _installer.Stored(file))
            {
                ScheduleStep();
                return;
            }

            bool retry;
            string problem = HttpBlockCheck.Check(response, first, length, _httpFileSize, out retry);
            if (problem != null)
            {
                if (!retry)
                {
                    HaltHttp(problem);
                    return;
                }

                if (Clock.UptimeMs - _lastBlockAt >= _options.StallTimeoutMs)
                {
                    HaltHttp("no block from the bundle URL for " + (_options.StallTimeoutMs / 1000) + " s, last: " + problem);
                    return;
                }

                long delay = _httpBackoff.NextDelayMs();
                LogWarning(problem + "; again in " + delay + " ms");
                int again = _fetchGeneration;
                _requestTimer = Scheduler.SetTimeout(delay, () =>
                {
                    _requestTimer = 0;
                    if (again == _fetchGeneration)
                    {
                        ScheduleStep();
                    }
                });
                return;
            }

            try
            {
                _installer.AppendBlock(file, stored, response.Body, 0, length);
            }
            catch (Exception ex)
            {
                Abort("storage error: " + ex.Message);
                return;
            }

            _httpBackoff.Reset();
            _lastBlockAt = Clock.UptimeMs;
            Status("downloading", false);
            ScheduleStep();
        }

        // A server that cannot give the bundle stops the download with the reason; what is stored stays, and a new
        // offer (or the hub coming back, which brings the retained offer again) resumes it.
        private void HaltHttp(string reason)
        {
            _httpHalted = true;
            LogWarning("download stopped: " + reason);
            BeginStatus("failed", _installer.BundleIdHex);
            _json.Property("error", reason);
            EndStatus();
            StopHolding(); // after the status: a sleepy device may go to sleep at once
        }

        private void OnBlock(string topic, byte[] payload)
        {
            if (!_installer.HasJob || _file < 0 || _rebooting)
            {
                return;
            }

            int file;
            int offset;
            if (!BlockMessage.TryParse(payload, _installer.BundleId, out file, out offset) || file != _file || offset != _installer.Stored(_file))
            {
                return; // another bundle, or a duplicate of a block already stored
            }

            int size = _installer.Manifest.Assemblies[_file].Size;
            int count = payload.Length - BlockMessage.HeaderSize;
            int expected = size - offset < _blockSize ? size - offset : _blockSize;
            if (count != expected)
            {
                return;
            }

            try
            {
                _installer.AppendBlock(_file, offset, payload, BlockMessage.HeaderSize, count);
            }
            catch (Exception ex)
            {
                Abort("storage error: " + ex.Message);
                return;
            }

            _lastBlockAt = Clock.UptimeMs;
            Status("downloading", false);
            if (_installer.Stored(_file) == size)
            {
                CancelRequestTimer();
                ScheduleStep();
            }
            else
            {
                RequestBlocks();
            }
        }

        private void Install()
        {
            BundleManifest m = _installer.Manifest;
            string bundle = _installer.BundleIdHex;
            _boot = _installer.Commit(_boot);
            LogInfo("installed " + m.Version + " (build " + m.Build + ") in slot " + BootRecord.SlotName(_boot.Active) + ": rebooting on trial");
            BeginStatus("rebooting", bundle);
            _json.Property("version", m.Version);
            _json.Property("build", m.Build);
            EndStatus();
            Reboot("ota: start " + m.Version);
        }

        private void Abort(string reason)
        {
            LogError("update failed: " + reason);
            string bundle = _installer.BundleIdHex;
            CancelRequestTimer();
            _fetchGeneration++;
            _fetching = false;
            try
            {
                _boot = _installer.Abandon(_boot);
            }
            catch (Exception ex)
            {
                LogError("cannot clear the staged slot: " + ex.Message);
            }

            BeginStatus("failed", bundle);
            _json.Property("error", reason);
            EndStatus();
            StopHolding();
        }

        private void Reboot(string reason)
        {
            _rebooting = true;
            CancelRequestTimer();
            Scheduler.SetTimeout(_options.RebootDelayMs, () =>
            {
                _runtime.Stop();
                if (_runtime.Platform.Reboot != null)
                {
                    _runtime.Platform.Reboot.Reboot(reason);
                }
            });
        }

        // Progress at most every StatusIntervalMs and only when the percentage moved; state changes always.
        private void Status(string state, bool force)
        {
            int total = _installer.DownloadTotal;
            int done = _installer.DownloadDone;
            int percent = total == 0 ? 100 : (int)((long)done * 100 / total);
            long now = Clock.UptimeMs;
            if (!force && (percent == _lastPercent || now - _lastStatusAt < _options.StatusIntervalMs) && done != total)
            {
                return;
            }

            _lastPercent = percent;
            _lastStatusAt = now;
            BeginStatus(state, _installer.BundleIdHex);
            _json.Property("version", _installer.Manifest.Version);
            _json.Property("build", _installer.Manifest.Build);
            _json.Property("done", done);
            _json.Property("total", total);
            _json.Property("percent", percent);
            EndStatus();
        }

        private void BeginStatus(string state, string bundle)
        {
            _json.Reset();
            _json.BeginObject();
            _json.Property("state", state);
            if (bundle != null)
            {
                _json.Property("bundle", bundle);
            }

            _json.Property("running", _runtime.Identity.FirmwareVersion);
        }

        private void EndStatus()
        {
            _json.EndObject();
            _hub.Publish("ota/status", _json.Buffer.Data, 0, _json.Buffer.Length, 1, true, StatusKey);
        }

        private void Hold()
        {
            _runtime.Awake.Hold(AwakeHolder);
        }

        private void StopHolding()
        {
            _runtime.Awake.Release(AwakeHolder);
        }

        private void CancelRequestTimer()
        {
            if (_requestTimer != 0)
            {
                Scheduler.Cancel(_requestTimer);
                _requestTimer = 0;
            }
        }
    }
}
