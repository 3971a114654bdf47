using System;
using System.Collections.Generic;
using System.Linq;

namespace Endpoint.Host.Hub;

/// <summary>
/// The recent readings of every device, kept in memory for plots and CSV export: the newest
/// <see cref="PerSeries"/> readings of each (device, entity) series. Thread-safe.
/// </summary>
public sealed class ReadingHistory
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Dictionary<string, Series>> _devices = new(StringComparer.Ordinal);

    /// <summary>Keeps the newest <paramref name="perSeries"/> readings of each series.</summary>
    public ReadingHistory(int perSeries = 2000)
    {
        if (perSeries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(perSeries));
        }

        PerSeries = perSeries;
    }

    /// <summary>Readings kept per series.</summary>
    public int PerSeries { get; }

    /// <summary>Readings recorded since the start (including those dropped since).</summary>
    public long Recorded { get; private set; }

    /// <summary>Records a reading.</summary>
    public void Add(Reading reading)
    {
        lock (_lock)
        {
            if (!_devices.TryGetValue(reading.Device, out var series))
            {
                series = new Dictionary<string, Series>(StringComparer.Ordinal);
                _devices.Add(reading.Device, series);
            }

            if (!series.TryGetValue(reading.Entity, out var s))
            {
                s = new Series(PerSeries);
                series.Add(reading.Entity, s);
            }

            s.Add(reading);
            Recorded++;
        }
    }

    /// <summary>One device's kept readings in time order (arrival order within a series).</summary>
    public List<Reading> Of(string device)
    {
        var all = new List<Reading>();
        lock (_lock)
        {
            if (_devices.TryGetValue(device, out var series))
            {
                foreach (var s in series.Values)
                {
                    s.CopyTo(all);
                }
            }
        }

        return all.OrderBy(r => r.Time).ToList();
    }

    /// <summary>Every kept reading in time order.</summary>
    public List<Reading> All()
    {
        var all = new List<Reading>();
        lock (_lock)
        {
            foreach (var series in _devices.Values)
            {
                foreach (var s in series.Values)
                {
                    s.CopyTo(all);
                }
            }
        }

        // A stable sort keeps the arrival order of readings with the same time.
        return all.OrderBy(r => r.Time).ToList();
    }

    /// <summary>A ring of the newest readings of one series.</summary>
    private sealed class Series(int capacity)
    {
        private Reading[] _items = new Reading[Math.Min(capacity, 16)];
        private int _start, _count;

        public void Add(Reading r)
        {
            // Grow up to the capacity, then overwrite the oldest.
            if (_count == _items.Length && _items.Length < capacity)
            {
                var bigger = new Reading[Math.Min(capacity, _items.Length * 2)];
                for (int i = 0; i < _count; i++)
                {
                    bigger[i] = _items[(_start + i) % _items.Length];
                }

                _items = bigger;
                _start = 0;
            }

            if (_count < _items.Length)
            {
                _items[(_start + _count) % _items.Length] = r;
                _count++;
            }
            else
            {
                _items[_start] = r;
                _start = (_start + 1) % _items.Length;
            }
        }

        public void CopyTo(List<Reading> list)
        {
            for (int i = 0; i < _count; i++)
            {
                list.Add(_items[(_start + i) % _items.Length]);
            }
        }
    }
}
