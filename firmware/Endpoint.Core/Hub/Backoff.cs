using System;

namespace Endpoint.Core.Hub
{
    /// <summary>
    /// Reconnect delays: exponential from <see cref="InitialMs"/> up to <see cref="MaxMs"/>, with
    /// "equal jitter" (half fixed, half random) so a fleet that lost its broker does not come back in
    /// lockstep, while every delay stays at least half the nominal one.
    /// </summary>
    public sealed class Backoff
    {
        private readonly Random _random;
        private int _attempt;

        /// <summary>Creates a backoff.</summary>
        public Backoff(long initialMs, long maxMs, Random random)
        {
            InitialMs = initialMs;
            MaxMs = maxMs;
            _random = random;
        }

        /// <summary>Nominal first delay.</summary>
        public long InitialMs { get; private set; }

        /// <summary>Cap on the nominal delay.</summary>
        public long MaxMs { get; private set; }

        /// <summary>Failures since the last <see cref="Reset"/>.</summary>
        public int Attempt
        {
            get { return _attempt; }
        }

        /// <summary>The delay before the next attempt; each call counts one failure.</summary>
        public long NextDelayMs()
        {
            long nominal = InitialMs;
            for (int i = 0; i < _attempt && nominal < MaxMs; i++)
            {
                nominal *= 2;
            }

            if (nominal > MaxMs)
            {
                nominal = MaxMs;
            }

            _attempt++;
            long half = nominal / 2;
            return half + (long)(_random.NextDouble() * (nominal - half));
        }

        /// <summary>Starts again from the first delay (after a successful connect).</summary>
        public void Reset()
        {
            _attempt = 0;
        }
    }
}
