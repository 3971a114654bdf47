using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;

namespace Endpoint.Tests.Integration
{
    /// <summary>The outcome of one run of a command-line tool.</summary>
    public sealed class ToolResult
    {
        public ToolResult(string command, int exitCode, string stdout, string stderr, bool timedOut)
        {
            Command = command;
            ExitCode = exitCode;
            Stdout = stdout;
            Stderr = stderr;
            TimedOut = timedOut;
        }

        /// <summary>The command line, for messages.</summary>
        public string Command { get; }

        /// <summary>The exit code (-1 when killed after a time-out).</summary>
        public int ExitCode { get; }

        public string Stdout { get; }

        public string Stderr { get; }

        /// <summary>True when the tool ran past its time-out and was killed.</summary>
        public bool TimedOut { get; }

        /// <summary>Stdout then stderr.</summary>
        public string Output => Stdout + Stderr;

        public override string ToString() =>
            $"`{Command}` exited with {(TimedOut ? "a time-out" : ExitCode.ToString())}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    /// <summary>
    /// Runs the reference clients <c>mosquitto_pub</c> and <c>mosquitto_sub</c>, for tests that compare
    /// our behaviour with theirs. Combine with <see cref="MosquittoBroker.ClientArgs"/>:
    /// <code>
    /// using var sub = MosquittoClients.StartSub(broker.ClientArgs("hub", "pw"), "-t", "endpoint/#", "-v");
    /// sub.WaitSubscribed();
    /// MosquittoClients.Pub(broker.ClientArgs(), "-t", "endpoint/x/status", "-m", "online").AssertSuccess();
    /// Assert.True(sub.WaitForMessages(1));
    /// </code>
    /// </summary>
    public static class MosquittoClients
    {
        /// <summary>Default time-out for one tool run.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

        /// <summary>Runs <c>mosquitto_pub</c>; arguments may be given as several arrays and strings.</summary>
        public static ToolResult Pub(params object[] args) =>
            Run(MosquittoBroker.RequireTool("mosquitto_pub"), Flatten(args), DefaultTimeout);

        /// <summary>
        /// Runs <c>mosquitto_sub</c> to completion: give it <c>-C &lt;count&gt;</c> and/or <c>-W &lt;seconds&gt;</c>
        /// so that it ends (exit code 27 means <c>-W</c> timed out).
        /// </summary>
        public static ToolResult Sub(params object[] args) =>
            Run(MosquittoBroker.RequireTool("mosquitto_sub"), Flatten(args), DefaultTimeout);

        /// <summary>Starts <c>mosquitto_sub</c> in the background (with <c>-d</c> added, to see the SUBACK).</summary>
        public static MosquittoSubscriber StartSub(params object[] args) =>
            new MosquittoSubscriber(MosquittoBroker.RequireTool("mosquitto_sub"), Flatten(args));

        /// <summary>Runs any program with arguments (no shell), capturing stdout and stderr.</summary>
        public static ToolResult Run(string exe, IEnumerable<string> args, TimeSpan? timeout = null, string workingDirectory = null)
        {
            var argList = args.ToList();
            var psi = new ProcessStartInfo(exe)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            if (workingDirectory != null) psi.WorkingDirectory = workingDirectory;
            foreach (var a in argList) psi.ArgumentList.Add(a);

            using var p = Process.Start(psi);
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            bool timedOut = !p.WaitForExit((int)(timeout ?? DefaultTimeout).TotalMilliseconds);
            if (timedOut)
            {
                try { p.Kill(true); } catch (InvalidOperationException) { }
                p.WaitForExit();
            }
            else
            {
                p.WaitForExit(); // drain the redirected streams
            }
            return new ToolResult(CommandLine(exe, argList), timedOut ? -1 : p.ExitCode, stdout.Result, stderr.Result, timedOut);
        }

        /// <summary>Throws with the tool's output unless it exited with 0.</summary>
        public static ToolResult AssertSuccess(this ToolResult r)
        {
            if (r.ExitCode != 0 || r.TimedOut)
                throw new Xunit.Sdk.XunitException("Expected success: " + r);
            return r;
        }

        internal static string CommandLine(string exe, IEnumerable<string> args) =>
            exe + " " + string.Join(" ", args.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? "'" + a + "'" : a));

        internal static List<string> Flatten(object[] args)
        {
            var list = new List<string>();
            foreach (var a in args)
            {
                switch (a)
                {
                    case null: break;
                    case string s: list.Add(s); break;
                    case IEnumerable<string> many: list.AddRange(many); break;
                    default: list.Add(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture)); break;
                }
            }
            return list;
        }
    }

    /// <summary>
    /// A background <c>mosquitto_sub -d …</c>. Debug lines (<c>Client … sending/received …</c>,
    /// <c>Subscribed (mid: …)</c>) are kept apart from message lines; a payload that itself starts with
    /// <c>"Client "</c> would be mistaken for a debug line.
    /// </summary>
    public sealed class MosquittoSubscriber : IDisposable
    {
        readonly Process _process;
        readonly object _lock = new object();
        readonly List<string> _messages = new List<string>();
        readonly StringBuilder _all = new StringBuilder();
        readonly List<int> _grantedQos = new List<int>();

        static readonly object LiveLock = new object();
        static readonly HashSet<MosquittoSubscriber> Live = new HashSet<MosquittoSubscriber>();

        static MosquittoSubscriber()
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                MosquittoSubscriber[] all;
                lock (LiveLock) all = Live.ToArray();
                foreach (var s in all)
                {
                    try { s.Dispose(); } catch { }
                }
            };
        }

        internal MosquittoSubscriber(string exe, List<string> args)
        {
            var full = new List<string> { "-d" };
            full.AddRange(args);
            Command = MosquittoClients.CommandLine(exe, full);

            // mosquitto_sub writes through stdio, which a pipe makes block-buffered: its debug lines
            // (the SUBACK) would only show up at exit. stdbuf (GNU coreutils; gstdbuf from Homebrew)
            // makes stdout line-buffered. stdbuf execs the tool, so the pid stays the tool's.
            var stdbuf = MosquittoBroker.FindTool("stdbuf") ?? MosquittoBroker.FindTool("gstdbuf");
            LineBuffered = stdbuf != null;
            if (stdbuf != null)
            {
                full.InsertRange(0, new[] { "-oL", "-eL", exe });
                exe = stdbuf;
            }
            var psi = new ProcessStartInfo(exe)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (var a in full) psi.ArgumentList.Add(a);
            _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
            _process.OutputDataReceived += (_, e) => OnLine(e.Data, stdout: true);
            _process.ErrorDataReceived += (_, e) => OnLine(e.Data, stdout: false);
            _process.Start();
            _process.StandardInput.Close();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            lock (LiveLock) Live.Add(this);
        }

        /// <summary>
        /// False when no stdbuf was found: then <see cref="WaitSubscribed"/> can only wait a second and
        /// <see cref="GrantedQos"/> stays empty until the tool prints a message or exits.
        /// </summary>
        public bool LineBuffered { get; }

        public string Command { get; }

        /// <summary>Message lines received so far (with <c>-v</c>: <c>"topic payload"</c>).</summary>
        public string[] Messages
        {
            get { lock (_lock) return _messages.ToArray(); }
        }

        /// <summary>
        /// The granted QoS of each filter in the SUBACK (128 = refused); empty until subscribed. Mosquitto
        /// 2.0 grants filters its ACL forbids and filters the messages at delivery instead.
        /// </summary>
        public int[] GrantedQos
        {
            get { lock (_lock) return _grantedQos.ToArray(); }
        }

        /// <summary>Everything the tool printed so far (debug lines included), for failure messages.</summary>
        public string Output
        {
            get { lock (_lock) return _all.ToString(); }
        }

        public bool HasExited => _process.HasExited;

        /// <summary>Waits for the SUBACK; throws with the tool's output if it does not come (e.g. connection refused).</summary>
        /// <remarks>On failure the subscriber is disposed, since a <c>using var s = StartSub(…).WaitSubscribed()</c> never got hold of it.</remarks>
        public MosquittoSubscriber WaitSubscribed(TimeSpan? timeout = null)
        {
            bool ok;
            if (LineBuffered)
            {
                ok = WaitUntil(() => _grantedQos.Count > 0 || _process.HasExited, timeout ?? TimeSpan.FromSeconds(10))
                     && _grantedQos.Count > 0;
            }
            else
            {
                Thread.Sleep(1000);
                ok = !_process.HasExited;
            }
            if (!ok)
            {
                Dispose();
                throw new Xunit.Sdk.XunitException($"`{Command}` did not subscribe:\n{Output}");
            }
            return this;
        }

        /// <summary>Waits until at least <paramref name="count"/> messages arrived; false on time-out.</summary>
        public bool WaitForMessages(int count, TimeSpan? timeout = null) =>
            WaitUntil(() => _messages.Count >= count, timeout ?? TimeSpan.FromSeconds(10));

        /// <summary>Waits for the tool to exit (e.g. after <c>-C</c>); false on time-out.</summary>
        public bool WaitForExit(TimeSpan? timeout = null)
        {
            bool exited = _process.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds);
            if (exited) _process.WaitForExit();
            return exited;
        }

        public int ExitCode => _process.ExitCode;

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(true);
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
            lock (LiveLock) Live.Remove(this);
        }

        bool WaitUntil(Func<bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_lock)
            {
                while (!condition())
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) return false;
                    Monitor.Wait(_lock, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
                }
                return true;
            }
        }

        void OnLine(string line, bool stdout)
        {
            if (line == null) return;
            lock (_lock)
            {
                _all.Append(line).Append('\n');
                if (stdout)
                {
                    if (line.StartsWith("Subscribed (mid:", StringComparison.Ordinal))
                    {
                        // "Subscribed (mid: 1): 0, 128"
                        var colon = line.IndexOf("):", StringComparison.Ordinal);
                        foreach (var part in line.Substring(colon + 2).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            if (int.TryParse(part, out var q)) _grantedQos.Add(q);
                        }
                    }
                    else if (!line.StartsWith("Client ", StringComparison.Ordinal))
                    {
                        _messages.Add(line);
                    }
                }
                Monitor.PulseAll(_lock);
            }
        }
    }
}
