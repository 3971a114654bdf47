using System;
using System.Threading;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;

namespace Endpoint.Tests.Host.Runtime;

public class LoopPoolTests
{
    [Fact]
    public void Add_ManyLoopsWithIntervals_AllTickOnTwoThreads()
    {
        var clock = new SystemClock();
        using var pool = new LoopPool(clock, 2);
        const int loops = 500;
        var counts = new int[loops];
        for (int i = 0; i < loops; i++)
        {
            int n = i;
            var loop = new EventLoop(clock, null);
            loop.SetInterval(10, () => Interlocked.Increment(ref counts[n]));
            pool.Add(loop);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && Array.Exists(counts, c => c < 5))
        {
            Thread.Sleep(20);
        }

        Assert.All(counts, c => Assert.True(c >= 5, $"a loop ticked only {c} times"));
        Assert.Equal(loops, pool.Count);
    }

    [Fact]
    public void Post_FromOtherThreads_RunsEveryActionAndNeverConcurrentlyPerLoop()
    {
        var clock = new SystemClock();
        using var pool = new LoopPool(clock, 2);
        const int loops = 50;
        const int posts = 200;
        var inside = new int[loops];
        var done = new int[loops];
        int overlaps = 0;
        var eventLoops = new EventLoop[loops];
        for (int i = 0; i < loops; i++)
        {
            eventLoops[i] = new EventLoop(clock, null);
            pool.Add(eventLoops[i]);
        }

        var threads = new Thread[4];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (int p = 0; p < posts; p++)
                {
                    for (int i = 0; i < loops; i++)
                    {
                        int n = i;
                        eventLoops[n].Post(() =>
                        {
                            if (Interlocked.Increment(ref inside[n]) != 1)
                            {
                                Interlocked.Increment(ref overlaps);
                            }

                            Thread.SpinWait(50);
                            Interlocked.Decrement(ref inside[n]);
                            Interlocked.Increment(ref done[n]);
                        });
                    }
                }
            });
            threads[t].Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && Array.Exists(done, d => d < posts * threads.Length))
        {
            Thread.Sleep(20);
        }

        Assert.All(done, d => Assert.Equal(posts * threads.Length, d));
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public void Timer_ArmedByPostedWork_FiresWithoutFurtherWakes()
    {
        var clock = new SystemClock();
        using var pool = new LoopPool(clock, 1);
        var loop = new EventLoop(clock, null);
        pool.Add(loop);
        using var fired = new ManualResetEventSlim();
        loop.Post(() => loop.SetTimeout(200, fired.Set));
        Assert.True(fired.Wait(5000));
    }

    [Fact]
    public void Remove_LoopWithIntervalAndLaterPosts_NothingRunsAfterwards()
    {
        var clock = new SystemClock();
        using var pool = new LoopPool(clock, 2);
        var removed = new EventLoop(clock, null);
        var kept = new EventLoop(clock, null);
        int removedTicks = 0, keptTicks = 0;
        removed.SetInterval(10, () => Interlocked.Increment(ref removedTicks));
        kept.SetInterval(10, () => Interlocked.Increment(ref keptTicks));
        pool.Add(removed);
        pool.Add(kept);
        SpinWait.SpinUntil(() => Volatile.Read(ref removedTicks) >= 3, 5000);

        using var removedPass = new ManualResetEventSlim();
        removed.Post(() =>
        {
            // A loop can take itself out (a power cut is decided on the endpoint's own loop).
            Assert.True(pool.Remove(removed));
            removedPass.Set();
        });
        Assert.True(removedPass.Wait(5000));
        int atRemoval = Volatile.Read(ref removedTicks);
        bool postedRan = false;
        removed.Post(() => postedRan = true);
        int keptBefore = Volatile.Read(ref keptTicks);
        SpinWait.SpinUntil(() => Volatile.Read(ref keptTicks) >= keptBefore + 10, 5000);

        Assert.Equal(atRemoval, Volatile.Read(ref removedTicks));
        Assert.False(postedRan);
        Assert.True(Volatile.Read(ref keptTicks) >= keptBefore + 10);
        Assert.Equal(1, pool.Count);
        Assert.False(pool.Remove(removed));
    }

    [Fact]
    public void Add_RemovedLoopAgain_RunsAgain()
    {
        var clock = new SystemClock();
        using var pool = new LoopPool(clock, 1);
        var loop = new EventLoop(clock, null);
        pool.Add(loop);
        Assert.True(pool.Remove(loop));
        Assert.Throws<InvalidOperationException>(() =>
        {
            pool.Add(loop);
            pool.Add(loop);
        });
        using var ran = new ManualResetEventSlim();
        loop.Post(ran.Set);
        Assert.True(ran.Wait(5000));
    }
}
