using Netpact.Audit.Net;
using Netpact.Audit.Ports;
using Netpact.Audit.Targets;
using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Endpoints;

/// <summary>Both scanners, the Linux system-call one and the portable managed one, agree on the lab's ports.</summary>
public sealed class PortScannerTests(AuditLab lab)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_closed_and_silent_ports_are_told_apart(bool native)
    {
        var scanner = new PortScanner(new Connector(ResolveOverrides.None, TimeSpan.FromSeconds(2), TargetAllowList.Of(AuditLab.StrongAddress, AuditLab.HostileAddress)), 16, TimeSpan.FromSeconds(30)) { UseNativeScan = native };
        int[] ports = [lab.StrongHttp, lab.StrongHttps, lab.Refused];

        var open = await scanner.ScanAsync(AuditLab.StrongAddress, ports, TestContext.Current.CancellationToken);
        var hostile = await scanner.ScanAsync(AuditLab.HostileAddress, [lab.Refused, lab.Silent], TestContext.Current.CancellationToken);

        Assert.Equal(PortState.Open, open.States[lab.StrongHttp]);
        Assert.Equal(PortState.Open, open.States[lab.StrongHttps]);
        Assert.Equal(PortState.Closed, open.States[lab.Refused]);
        Assert.Equal(PortState.Closed, hostile.States[lab.Refused]);
        Assert.Equal(PortState.Open, hostile.States[lab.Silent]);
        Assert.False(open.BudgetExhausted);
    }
}
