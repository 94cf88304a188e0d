@{
    RootModule        = 'EmptyModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '5b8f2d7e-3c1a-4e6b-9d0f-2a7c8e1b4f60'
    CmdletsToExport   = @('Get-Empty')
    FunctionsToExport = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
