using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Endpoint.Host.Fleet;

/// <summary>The closing summary of a fleet run, for people.</summary>
public static class FleetReport
{
    /// <summary>One status line: <c>online 198/200 · messages 12,345 · commands 37 · reconnects 3 · errors 0</c>.</summary>
    public static string StatusLine(SimulatedFleet fleet)
    {
        var t = fleet.Totals();
        string line = $"online {t.Online}/{t.Endpoints} · messages {N(t.Messages)} · commands {N(t.Commands)} · reconnects {N(t.Reconnects)} · errors {N(t.Errors)}";
        if (fleet.Options.Chaos.Enabled)
        {
            line += $" · chaos: {N(t.Drops)} drops, {N(t.Restarts)} restarts, {N(t.PowerCuts)} power cuts";
        }

        return line;
    }

    /// <summary>
    /// Writes the summary: totals, per-endpoint chaos history, and the verification.
    /// <paramref name="onlineAtEnd"/> is how many were online when the run ended (before they said goodbye).
    /// </summary>
    public static void Write(TextWriter o, SimulatedFleet fleet, TimeSpan ran, int onlineAtEnd, FleetVerification verification)
    {
        var t = fleet.Totals();
        string apps = string.Join(", ", fleet.Members.GroupBy(m => m.App.Name).Select(g => $"{g.Count()} {g.Key}"));
        o.WriteLine();
        o.WriteLine($"Fleet summary after {Duration(ran.TotalMilliseconds)}: {apps}");
        string allOnline = fleet.AllOnlineMs >= 0 ? $"; all {t.Endpoints} were online {Duration(fleet.AllOnlineMs)} after start" : $"; {t.EverOnline} of {t.Endpoints} were ever online";
        o.WriteLine($"  connected   {onlineAtEnd} of {t.Endpoints} online at the end{allOnline}");
        o.WriteLine($"  messages    {N(t.Messages)} published");
        o.WriteLine($"  commands    {N(t.Commands)} applied, {N(t.CommandsRefused)} refused");
        o.WriteLine($"  reconnects  {N(t.Reconnects)} ({N(t.ConnectionLosses)} connections lost or refused)");
        o.WriteLine($"  errors      {N(t.Errors)}");
        if (t.Presses > 0)
        {
            o.WriteLine($"  presses     {N(t.Presses)} button presses");
        }

        if (t.Sleeps > 0)
        {
            o.WriteLine($"  sleeps      {N(t.Sleeps)} deep sleeps (battery sensors between readings)");
        }

        if (fleet.Options.Chaos.Enabled || t.PowerCuts + t.Drops + t.Restarts + t.Reboots > 0)
        {
            o.WriteLine($"  chaos       {N(t.Drops)} link drops · {N(t.Restarts)} connection restarts · {N(t.PowerCuts)} power cuts · {N(t.Reboots)} reboots");
            o.WriteLine();
            int w = Math.Max(8, fleet.Members.Max(m => m.Id.Length));
            o.WriteLine($"  {"endpoint".PadRight(w)}  drops  restarts  power cuts  reboots  reconnects  longest offline  at the end");
            foreach (var m in fleet.Members)
            {
                string end = verification == null ? "not checked"
                    : verification.Problems.TryGetValue(m.Id, out var problem) ? "FAIL: " + problem : "online, states match";
                o.WriteLine($"  {m.Id.PadRight(w)}  {m.Drops,5}  {m.Restarts,8}  {m.PowerCuts,10}  {m.Reboots,7}  {m.Reconnects,10}  {Duration(m.LongestOfflineMs),15}  {end}");
            }
        }

        if (verification != null)
        {
            o.WriteLine();
            string verdict = verification.Passed ? "verified" : "NOT VERIFIED";
            o.WriteLine($"{verdict}: {verification.Online} of {verification.Endpoints} endpoints online at the hub, "
                + $"{verification.MatchingStates} of {verification.States} retained states equal to the endpoints' own state");
            if (!verification.Passed && !(fleet.Options.Chaos.Enabled || t.Drops + t.PowerCuts > 0))
            {
                foreach (var (id, problem) in verification.Problems.OrderBy(p => p.Key, StringComparer.Ordinal).Take(20))
                {
                    o.WriteLine($"  {id}: {problem}");
                }
            }
        }
    }

    /// <summary>A count with thousands separators.</summary>
    public static string N(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A duration for people: <c>850 ms</c>, <c>2.1 s</c>, <c>3 min 05 s</c>.</summary>
    public static string Duration(double ms) =>
        ms < 1000 ? $"{ms:0} ms"
        : ms < 60_000 ? (ms / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : $"{(int)(ms / 60_000)} min {(int)(ms / 1000) % 60:00} s";
}
