using System.Management.Automation;

namespace PSLibvirt.Services;

/// <summary>
/// What happens in the caller's session when a cmdlet opens or closes a connection (the drive of the connection is
/// added or removed). The module's initializer sets them to the provider's functions, so that Commands do not depend
/// on the Provider; unset (the module's types used without importing it), nothing happens.
/// </summary>
internal static class ConnectionHooks
{
    public static Action<PSCmdlet, Hypervisor>? Opened { get; internal set; }
    public static Action<PSCmdlet, Hypervisor>? Closed { get; internal set; }
}
