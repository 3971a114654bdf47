using System;
using System.Collections.Generic;
using Endpoint.Core.Hub;

namespace Endpoint.Tests.Core.Hub;

public sealed class BackoffTests
{
    [Fact]
    public void NextDelayMs_LowestJitter_IsHalfOfNominalDoublingEachTime()
    {
        var backoff = new Backoff(1000, 64000, new FixedRandom(0.0));

        var delays = Take(backoff, 8);

        Assert.Equal(new long[] { 500, 1000, 2000, 4000, 8000, 16000, 32000, 32000 }, delays);
    }

    [Fact]
    public void NextDelayMs_HighestJitter_StaysBelowNominal()
    {
        var backoff = new Backoff(1000, 64000, new FixedRandom(0.999999999));

        var delays = Take(backoff, 8);

        Assert.Equal(new long[] { 999, 1999, 3999, 7999, 15999, 31999, 63999, 63999 }, delays);
    }

    [Fact]
    public void NextDelayMs_SeededRandom_StaysWithinHalfAndFullNominal()
    {
        var backoff = new Backoff(2000, 60000, new Random(3));
        long nominal = 2000;
        for (int i = 0; i < 50; i++)
        {
            long delay = backoff.NextDelayMs();

            Assert.InRange(delay, nominal / 2, nominal);
            nominal = Math.Min(nominal * 2, 60000);
        }
    }

    [Fact]
    public void NextDelayMs_MaxNotAPowerOfTwoMultiple_CapsAtMax()
    {
        var backoff = new Backoff(1000, 45000, new FixedRandom(0.0));

        var delays = Take(backoff, 9);

        Assert.Equal(new long[] { 500, 1000, 2000, 4000, 8000, 16000, 22500, 22500, 22500 }, delays);
    }

    [Fact]
    public void NextDelayMs_ManyAttempts_NeverExceedsMax()
    {
        var backoff = new Backoff(1, 5000, new FixedRandom(0.999999999));

        long last = 0;
        for (int i = 0; i < 10000; i++)
        {
            last = backoff.NextDelayMs();
            Assert.InRange(last, 0, 5000);
        }

        Assert.Equal(4999, last);
        Assert.Equal(10000, backoff.Attempt);
    }

    [Fact]
    public void NextDelayMs_EachCall_CountsOneAttempt()
    {
        var backoff = new Backoff(100, 1000, new Random(1));
        Assert.Equal(0, backoff.Attempt);

        backoff.NextDelayMs();
        backoff.NextDelayMs();

        Assert.Equal(2, backoff.Attempt);
    }

    [Fact]
    public void Reset_AfterFailures_RestartsFromInitialDelay()
    {
        var backoff = new Backoff(1000, 64000, new FixedRandom(0.0));
        Take(backoff, 5);

        backoff.Reset();

        Assert.Equal(0, backoff.Attempt);
        Assert.Equal(new long[] { 500, 1000, 2000 }, Take(backoff, 3));
    }

    [Fact]
    public void NextDelayMs_DifferentSeeds_GiveDifferentJitter()
    {
        var a = Take(new Backoff(2000, 60000, new Random(1)), 10);
        var b = Take(new Backoff(2000, 60000, new Random(2)), 10);
        var again = Take(new Backoff(2000, 60000, new Random(1)), 10);

        Assert.NotEqual(a, b);
        Assert.Equal(a, again); // same seed, same sequence: simulations are reproducible
    }

    [Fact]
    public void NextDelayMs_FleetWithSameSettings_DoesNotReconnectInLockstep()
    {
        var first = new HashSet<long>();
        for (int seed = 0; seed < 100; seed++)
        {
            first.Add(new Backoff(10000, 60000, new Random(seed)).NextDelayMs());
        }

        Assert.True(first.Count > 90, $"only {first.Count} distinct first delays for 100 devices");
    }

    private static long[] Take(Backoff backoff, int n)
    {
        var delays = new long[n];
        for (int i = 0; i < n; i++)
        {
            delays[i] = backoff.NextDelayMs();
        }

        return delays;
    }

    private sealed class FixedRandom : Random
    {
        private readonly double _value;

        public FixedRandom(double value) => _value = value;

        public override double NextDouble() => _value;

        protected override double Sample() => _value;
    }
}
