namespace PSLibvirt.Services;

/// <summary>Helpers for Hypervisor.format.ps1xml: public because views call them (HypervisorSession is internal).</summary>
public static class HypervisorFormat
{
    /// <summary>The Default column: '*' for the calling runspace's default connection.</summary>
    public static string DefaultMark(Hypervisor hypervisor) =>
        ReferenceEquals(HypervisorSession.Default, hypervisor) ? "*" : "";
}
