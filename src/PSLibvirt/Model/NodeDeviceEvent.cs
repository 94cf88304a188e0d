namespace PSLibvirt;

/// <summary>What happened to a node device (virNodeDeviceEventLifecycleType, plus Updated); a future value shows as its number.</summary>
public enum NodeDeviceEventType
{
    Created = 0,
    Deleted = 1,
    Defined = 2,
    Undefined = 3,
    /// <summary>The device's description changed (VIR_NODE_DEVICE_EVENT_ID_UPDATE).</summary>
    Updated = 100,
}

/// <summary>One node-device event as libvirt delivered it (virsh nodedev-event).</summary>
public sealed record NodeDeviceEvent : LibvirtEvent
{
    /// <summary>The device's name.</summary>
    public string Name { get; init; } = "";
    public NodeDeviceEventType EventType { get; init; }
    /// <summary>libvirt's detail number (0 for every node-device event of libvirt 9.0).</summary>
    public int Detail { get; init; }

    public override string ToString() => $"{Name} {EventType}";
}
