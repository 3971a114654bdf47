using Endpoint.Core.Runtime;

namespace Endpoint.Tests.Core.Runtime;

public sealed class StayAwakeTests
{
    [Fact]
    public void Release_LastOfTwoHolders_RaisesReleasedOnce()
    {
        var awake = new StayAwake();
        int released = 0;
        awake.Released += () => released++;
        awake.Hold("ble");
        awake.Hold("ota");
        awake.Hold("ble"); // holding twice is holding once

        awake.Release("ble");
        Assert.True(awake.IsHeld);
        Assert.Equal("ota", awake.Holders);
        Assert.Equal(0, released);

        awake.Release("ota");
        Assert.False(awake.IsHeld);
        Assert.Equal(1, released);
    }

    [Fact]
    public void Release_NotHeld_NothingRaised()
    {
        var awake = new StayAwake();
        int released = 0;
        awake.Released += () => released++;

        awake.Release("ota");
        awake.Hold("ble");
        awake.Release("ota");

        Assert.Equal(0, released);
        Assert.True(awake.IsHeldBy("ble"));
        Assert.Equal(string.Empty, new StayAwake().Holders);
    }
}
