using System.Management.Automation;
using PSLibvirt.Core;

namespace PSLibvirt.Commands;

/// <summary>Defines (or creates, -Transient) a storage pool from XML or from parameters (virsh pool-define(-as), pool-create(-as)).</summary>
[Cmdlet(VerbsCommon.New, "StoragePool", SupportsShouldProcess = true, DefaultParameterSetName = "Type")]
[OutputType(typeof(StoragePool))]
[ConnectionParameter]
public sealed partial class NewStoragePoolCommand : LibvirtCmdlet
{
    [Parameter(ParameterSetName = "Xml", Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [XmlTextTransformation]
    public string Xml { get; set; } = "";

    [Parameter(ParameterSetName = "Type", Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(ParameterSetName = "Type")]
    [ValidateSet("dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "gluster", "zfs", "vstorage")]
    public string Type { get; set; } = "dir";

    [Parameter(ParameterSetName = "Type", Position = 1)]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = "Type")]
    public string? SourceHost { get; set; }

    [Parameter(ParameterSetName = "Type")]
    public string? SourcePath { get; set; }

    [Parameter(ParameterSetName = "Type")]
    public string[]? SourceDevice { get; set; }

    [Parameter(ParameterSetName = "Type")]
    public string? SourceName { get; set; }

    [Parameter(ParameterSetName = "Type")]
    public string? SourceFormat { get; set; }

    [Parameter(ParameterSetName = "Type")]
    public string? AuthSecret { get; set; }

    [Parameter(ParameterSetName = "Type")]
    public string? AuthUsername { get; set; }

    [Parameter] public SwitchParameter Build { get; set; }

    [Parameter] public SwitchParameter Start { get; set; }

    [Parameter] public SwitchParameter Autostart { get; set; }

    [Parameter] public SwitchParameter Transient { get; set; }

    protected override void ProcessRecord()
    {
        if (DefinitionXml(ParameterSetName == "Xml" ? Xml : null, () => StorageXml.BuildPool(new StoragePoolDefinition
            {
                Name = Name, Type = Type, Path = Path, SourceHost = SourceHost, SourcePath = SourcePath,
                SourceDevice = SourceDevice ?? Array.Empty<string>(), SourceName = SourceName, SourceFormat = SourceFormat,
                AuthSecret = AuthSecret, AuthUsername = AuthUsername,
            }), Name, "InvalidPoolDefinition") is not var (xml, name)) return;
        ForEachConnection(Connection, h =>
        {
            if (!ShouldProcess($"storage pool '{name}' on '{h.Name}'", Transient ? "Create transient storage pool" : "Define storage pool")) return;
            // A transient pool is running once created.
            WriteObject(StorageApi.NewPool(h.Connection, xml, Build, Start || Transient, Autostart, Transient, h));
        });
    }
}
