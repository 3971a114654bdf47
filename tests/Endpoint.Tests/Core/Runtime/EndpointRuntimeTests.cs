using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Runtime;

public class EndpointRuntimeTests
{
    [Fact]
    public void ConnectOnStart_False_NoRadioUntilConnect()
    {
        using var rig = new PlugRig();
        rig.Endpoint.Runtime.ConnectOnStart = false;
        rig.Endpoint.Start();
        rig.Run(10_000);
        Assert.Empty(rig.Transport.ConnectAttempts);
        Assert.Equal(Endpoint.Core.Runtime.ComponentState.Running, rig.Endpoint.Runtime.Network.State);

        rig.Endpoint.Loop.Post(rig.Endpoint.Runtime.Connect);
        rig.Run();
        Assert.Single(rig.Transport.ConnectAttempts);
    }

    [Fact]
    public void ConnectOnStart_Default_ConnectsAtStart()
    {
        using var rig = new PlugRig();
        rig.Endpoint.Start();
        rig.Run();
        Assert.Single(rig.Transport.ConnectAttempts);
    }
}
