using System.Collections.Generic;
using Endpoint.Core.Runtime;

namespace Endpoint.Tests.Support;

/// <summary>Captures log lines.</summary>
public sealed class TestLog : ILog
{
    private readonly object _lock = new();
    public List<string> Lines { get; } = new();

    public bool IsEnabled(LogLevel level) => true;

    public void Write(LogLevel level, string tag, string message)
    {
        lock (_lock)
        {
            Lines.Add($"{level} {tag}: {message}");
        }
    }

    public string All
    {
        get
        {
            lock (_lock)
            {
                return string.Join("\n", Lines);
            }
        }
    }
}
