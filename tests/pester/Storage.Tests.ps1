#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Storage pools and volumes through the built module: breadth and bad input on test:///default, a real `dir` pool with
# qcow2/raw volumes and streamed transfers on the private libvirtd. virsh on the same URI is the oracle.

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # virsh pool-info / vol-info as a hashtable of 'Key: value' lines (--bytes for exact sizes).
    function Get-VirshInfo {
        param([string]$Uri, [string[]]$Arguments)
        $h = @{}
        foreach ($line in (Invoke-Virsh $Uri $Arguments) -split "`n") {
            if ($line -match '^\s*([^:]+):\s*(.*?)( bytes)?$') { $h[$Matches[1].Trim()] = $Matches[2].Trim() }
        }
        $h
    }
    # A PowerShell on a runspace of its own with the module imported: Stop() on it is what Ctrl+C does.
    function New-ModulePowerShell {
        $rs = [runspacefactory]::CreateRunspace()
        $rs.Open()
        $ps = [PowerShell]::Create()
        $ps.Runspace = $rs
        $null = $ps.AddCommand('Import-Module').AddParameter('Name', $modulePath).Invoke()
        $ps.Commands.Clear()
        $ps
    }
    # A pwsh of its own running one transfer on the daemon, so that SIGINT (what Ctrl+C sends) can stop it.
    function Start-TransferProcess([string]$Command, [string]$Log) {
        $script = "Import-Module '$modulePath'; `$null = Connect-Hypervisor -Uri '$uri'; $Command; 'DONE'"
        # under `dotnet pwsh` the process is dotnet running pwsh.dll
        # A runner started in the background (bash '&', nohup) ignores SIGINT, children inherit that, and .NET keeps
        # an inherited ignore: the child starts through python3, which sets SIGINT back to what a terminal gives.
        $si = [Diagnostics.ProcessStartInfo]::new('python3')
        foreach ($a in '-c', 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])', [Environment]::ProcessPath) { $si.ArgumentList.Add($a) }
        if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $si.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', "& { $script } *> '$Log'") { $si.ArgumentList.Add($a) }
        $si.UseShellExecute = $false
        [Diagnostics.Process]::Start($si)
    }
    function New-Name([string]$Prefix) { $Prefix + [IO.Path]::GetRandomFileName().Replace('.', '') }
}

Describe 'Storage on the test driver' -Tag 'Storage' {
    BeforeAll {
        $h = Connect-Hypervisor -Uri test:///default -Name storage-test
    }
    AfterAll { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }

    It 'lists the test pool with the properties of virsh pool-info' {
        $p = Get-StoragePool -Connection $h -Name default-pool
        $p.PSObject.TypeNames[0] | Should -Be 'PSLibvirt.StoragePool'
        $p.State | Should -Be 'running'
        $p.Type | Should -Be 'dir'
        $p.Persistent | Should -BeTrue
        $p.Path | Should -Be '/default-pool'
        $p.Uuid | Should -Be ([guid](Invoke-Virsh 'test:///default' 'pool-uuid', 'default-pool'))
        $p.CapacityBytes | Should -Be 107374182400
        $p.Hypervisor.Name | Should -Be 'storage-test'
    }

    It 'filters pools by -Active, -Inactive, -Type and wildcards' {
        @(Get-StoragePool -Connection $h -Active).Name | Should -Contain 'default-pool'
        @(Get-StoragePool -Connection $h -Inactive) | Should -BeNullOrEmpty
        @(Get-StoragePool -Connection $h -Type logical) | Should -BeNullOrEmpty
        @(Get-StoragePool -Connection $h -Name 'default-*').Count | Should -Be 1
        @(Get-StoragePool -Connection $h -Name 'nomatch*' -ErrorAction Stop) | Should -BeNullOrEmpty
    }

    It 'reports a missing pool as StoragePoolNotFound and goes on with the next name' {
        $found = Get-StoragePool -Connection $h -Name missing, default-pool -ErrorVariable err -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'default-pool'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'StoragePoolNotFound,PSLibvirt.Commands.GetStoragePoolCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'missing'
    }

    It 'creates volumes with numeric and text sizes, lists them through the pipeline, and deletes them' {
        $a = New-Name 'a'; $b = New-Name 'b'
        $va = New-StorageVolume -Connection $h -Pool default-pool -Name $a -CapacityBytes 10MB -Format raw
        $vb = Get-StoragePool -Connection $h default-pool | New-StorageVolume -Name $b -CapacityBytes '20M'
        $va.PSObject.TypeNames[0] | Should -Be 'PSLibvirt.StorageVolume'
        $va.CapacityBytes | Should -Be 10MB
        $vb.CapacityBytes | Should -Be 20MB
        $va.Pool | Should -Be 'default-pool'
        $va.Path | Should -Be "/default-pool/$a"
        $list = Get-StoragePool -Connection $h default-pool | Get-StorageVolume
        $list.Name | Should -Contain $a
        $list.Name | Should -Contain $b
        (Invoke-Virsh 'test:///default' 'vol-list', 'default-pool') | Should -Not -Match $a -Because 'virsh opens its own test:///default instance'
        $va, $vb | Remove-StorageVolume -Confirm:$false
        @(Get-StorageVolume -Connection $h -Pool default-pool -Name $a, $b -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'lists the pools and volumes of piped Hypervisor objects; piped pool names still bind to -Pool' {
        $node = Connect-Hypervisor -Uri "test://$(Join-Path $repo 'tests/data/node.xml')" -Name storage-node
        try {
            $pools = @($h, $node | Get-StoragePool -ErrorAction Stop)
            $pools.Name | Should -Be @('default-pool', 'images')
            $pools.Hypervisor.Name | Should -Be @('storage-test', 'storage-node')
            $volumes = @($h, $node | Get-StorageVolume -ErrorAction Stop)
            @($volumes | Where-Object { $_.Hypervisor.Name -eq 'storage-node' }).Name | Should -Be 'web1.qcow2'
            (Connect-Hypervisor -Uri "test://$(Join-Path $repo 'tests/data/node.xml')" -Name storage-node2 | Get-StorageVolume -ErrorAction Stop).Hypervisor.Name | Should -Be 'storage-node2'
            # A pool name with piped connections: looked up on each, missing where it does not exist.
            $one = @($h, $node | Get-StorageVolume images -ErrorVariable err -ErrorAction SilentlyContinue)
            $one.Name | Should -Be 'web1.qcow2'
            $one.Hypervisor.Name | Should -Be 'storage-node'
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'StoragePoolNotFound,PSLibvirt.Commands.GetStorageVolumeCommand'
            # Strings and pools on the pipeline are pools, as before.
            ('images' | Get-StorageVolume -Connection $node -ErrorAction Stop).Name | Should -Be 'web1.qcow2'
            ('images', 'nope' | Get-StorageVolume -Connection $node -ErrorVariable err2 -ErrorAction SilentlyContinue).Name | Should -Be 'web1.qcow2'
            $err2[0].FullyQualifiedErrorId | Should -Be 'StoragePoolNotFound,PSLibvirt.Commands.GetStorageVolumeCommand'
            (Get-StoragePool -Connection $node | Get-StorageVolume -ErrorAction Stop).Name | Should -Be 'web1.qcow2'
        }
        finally { Get-Hypervisor storage-node* | Disconnect-Hypervisor }
    }

    It 'finds volumes by -Path and -Key and clones them' {
        $a = New-Name 'c'
        $v = New-StorageVolume -Connection $h default-pool $a 4MB
        (Get-StorageVolume -Connection $h -Path $v.Path).Name | Should -Be $a
        (Get-StorageVolume -Connection $h -Key $v.Key).Name | Should -Be $a
        $clone = $v | Copy-StorageVolume -NewName "$a-clone"
        $clone.Name | Should -Be "$a-clone"
        $clone.CapacityBytes | Should -Be 4MB
        Get-StorageVolumeXml -Connection $h -Pool default-pool -Name "$a-clone" | Should -Match "<name>$a-clone</name>"
        Remove-StorageVolume -Connection $h -Pool default-pool -Name "$a*" -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'StorageVolumeNotFound,PSLibvirt.Commands.RemoveStorageVolumeCommand' -Because 'names given to a change cmdlet are exact'
        Get-StorageVolume -Connection $h default-pool "$a*" | Remove-StorageVolume -Confirm:$false
        @(Get-StorageVolume -Connection $h default-pool "$a*") | Should -BeNullOrEmpty
    }

    It 'gives clear errors for bad input and goes on: <Case>' -ForEach @(
        @{ Case = 'duplicate name'; Id = 'LibvirtOperationFailed'; Category = 'InvalidOperation'; Script = { param($h, $n) New-StorageVolume -Connection $h default-pool $n 1MB; New-StorageVolume -Connection $h default-pool $n 1MB } }
        @{ Case = 'volume bigger than the pool'; Id = 'LibvirtInternalError'; Category = 'InvalidArgument'; Script = { param($h, $n) New-StorageVolume -Connection $h default-pool $n 1000GB } }
        @{ Case = 'unknown format'; Id = 'InvalidArgument'; Category = 'InvalidArgument'; Script = { param($h, $n) New-StorageVolume -Connection $h default-pool $n 1MB -Format bogus } }
        @{ Case = 'missing volume'; Id = 'StorageVolumeNotFound'; Category = 'ObjectNotFound'; Script = { param($h, $n) Remove-StorageVolume -Connection $h -Pool default-pool -Name $n -Confirm:$false } }
        @{ Case = 'missing pool'; Id = 'StoragePoolNotFound'; Category = 'ObjectNotFound'; Script = { param($h, $n) New-StorageVolume -Connection $h -Pool nopool -Name $n 1MB } }
        @{ Case = 'unsupported upload'; Id = 'LibvirtNoSupport'; Category = 'NotImplemented'; Script = { param($h, $n) $f = New-TemporaryFile; try { Import-StorageVolume -Connection $h -Pool default-pool -Name $n -Path $f } finally { Remove-Item $f } } }
    ) {
        $n = New-Name 'bad'
        $ErrorActionPreference = 'Continue'
        $Error.Clear()
        $null = & $Script $h $n 2>$null
        $err = @($Error | Select-Object -First 1)
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$Id,PSLibvirt.Commands.*"
        $err[0].CategoryInfo.Category | Should -Be $Category
        # the session goes on, and a failed upload left no volume behind
        if ($Case -ne 'duplicate name') { @(Get-StorageVolume -Connection $h default-pool $n -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty }
        Remove-StorageVolume -Connection $h -Pool default-pool -Name $n -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'rejects malformed sizes at binding time' {
        { New-StorageVolume -Connection $h default-pool x '12 parsecs' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSLibvirt.Commands.NewStorageVolumeCommand'
    }

    It 'defines, starts, stops, refreshes and removes a pool on the test driver' {
        $name = New-Name 'pool'
        $p = New-StoragePool -Connection $h -Name $name -Path "/tmp/$name" -Autostart
        $p.State | Should -Be 'inactive'
        $p.Autostart | Should -BeTrue
        ($p | Start-StoragePool -PassThru).State | Should -Be 'running'
        ($p | Update-StoragePool -PassThru).State | Should -Be 'running'
        ($p | Set-StoragePool -Autostart $false -PassThru).Autostart | Should -BeFalse
        ($name | Stop-StoragePool -Connection $h -PassThru).State | Should -Be 'inactive'
        Get-StoragePoolXml -Connection $h $name | Should -Match "<path>/tmp/$name</path>"
        Remove-StoragePool -Connection $h $name -Confirm:$false
        @(Get-StoragePool -Connection $h $name -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'creates a transient pool that is gone once stopped' {
        $name = New-Name 'tpool'
        $p = New-StoragePool -Connection $h -Name $name -Path "/tmp/$name" -Transient
        $p.Persistent | Should -BeFalse
        $p.State | Should -Be 'running'
        $p | Stop-StoragePool -PassThru -ErrorAction Stop | Should -BeNullOrEmpty
        @(Get-StoragePool -Connection $h $name -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'finds logical pool sources' {
        $s = Find-StoragePoolSource -Connection $h -Type logical
        $s.Name | Should -Be @('testvg1', 'testvg2')
        $s[0].Devices | Should -Be '/dev/sda20'
    }

    It 'validates the source parameters each pool type needs' {
        New-StoragePool -Connection $h -Name x -Type netfs -Path /mnt/x -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidPoolDefinition,PSLibvirt.Commands.NewStoragePoolCommand'
        $err[0].Exception.Message | Should -Match '-SourceHost'
    }

    It 'validates -Xml against libvirt''s schema before defining, as the drive''s New-Item does' {
        $n = New-Name 'schema'
        $xml = "<pool type='dir'><name>$n</name><bogus/><target><path>/tmp/$n</path></target></pool>"
        New-StoragePool -Connection $h -Xml $xml -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtXmlInvalidSchema,PSLibvirt.Commands.NewStoragePoolCommand'
        Get-StoragePool -Connection $h -Name $n -ErrorAction SilentlyContinue | Should -BeNullOrEmpty -Because 'nothing is defined'
    }

    It 'completes pool and volume names from the open connection' {
        $line = 'Get-StoragePool -Name defa'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Contain 'default-pool'
        $v = New-StorageVolume -Connection $h default-pool complete-me.img 1MB
        try {
            $line = 'Remove-StorageVolume -Pool default-pool -Name complete-'
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $r.CompletionMatches.CompletionText | Should -Contain 'complete-me.img'
        } finally { $v | Remove-StorageVolume -Confirm:$false }
    }

    Context 'with -AsJob' {
        AfterEach { Get-Job | Where-Object PSJobTypeName -EQ PSLibvirtJob | Remove-Job -Force }

        It 'clones in a PSLibvirtJob that Get-Job, Wait-Job, Receive-Job and Remove-Job handle' {
            $a = New-Name 'job'
            $null = New-StorageVolume -Connection $h default-pool $a 2MB
            $job = Copy-StorageVolume -Connection $h -Pool default-pool -Name $a -NewName "$a-copy" -AsJob
            $job | Should -BeOfType System.Management.Automation.Job
            $job.PSJobTypeName | Should -Be 'PSLibvirtJob'
            $job.Location | Should -Be 'storage-test'
            $job.Command | Should -Be 'Copy-StorageVolume'
            $job.ChildJobs.Count | Should -Be 1
            $job.ChildJobs[0].Command | Should -Be "Copy-StorageVolume $a"
            $job.ChildJobs[0].Location | Should -Be 'storage-test'
            $job.Id | Should -BeLessThan $job.ChildJobs[0].Id -Because 'the parent comes first, as with Invoke-Command -AsJob'
            (Get-Job -Id $job.Id) | Should -Be $job
            $job | Wait-Job -Timeout 60 | Should -Be $job
            $job.State | Should -Be 'Completed'
            $job.ChildJobs[0].State | Should -Be 'Completed'
            $clone = $job | Receive-Job -ErrorVariable err
            $err | Should -BeNullOrEmpty
            $clone.PSObject.TypeNames[0] | Should -Be 'PSLibvirt.StorageVolume'
            $clone.Name | Should -Be "$a-copy"
            $clone.CapacityBytes | Should -Be 2MB
            $clone.Hypervisor.Name | Should -Be 'storage-test'
            (Get-StorageVolume -Connection $h default-pool "$a-copy").Key | Should -Be $clone.Key
            $job | Remove-Job
            Get-Job -Id $job.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-StorageVolume -Connection $h default-pool "$a*" | Remove-StorageVolume -Confirm:$false
        }

        It 'makes one job per invocation with a child job per input; a failed input fails its child and the job, the next input still runs' {
            $a = New-Name 'ja'; $b = New-Name 'jb'
            $va = New-StorageVolume -Connection $h default-pool $a 2MB
            $vb = New-StorageVolume -Connection $h default-pool $b 3MB
            $jobs = @($va, $vb | Copy-StorageVolume -NewName "$a-same" -AsJob)
            $jobs.Count | Should -Be 1
            $job = $jobs[0]
            $job.ChildJobs.Command | Should -Be @("Copy-StorageVolume $a", "Copy-StorageVolume $b")
            $null = $job | Wait-Job -Timeout 60
            $job.State | Should -Be 'Failed'
            $job.StatusMessage | Should -Be '1 of 2 failed'
            $job.ChildJobs[0].State | Should -Be 'Completed'
            $job.ChildJobs[1].State | Should -Be 'Failed'
            $job.ChildJobs[1].StatusMessage | Should -Match 'already exists'
            $out = $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue
            $out.Name | Should -Be "$a-same"
            $err.Count | Should -Be 1 -Because 'the job writes the error of its input once, and no JobStateFailed error besides'
            $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtOperationFailed,PSLibvirt.Commands.CopyStorageVolumeCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $err[0].TargetObject.Name | Should -Be $b
            Remove-StorageVolume -Connection $h -Pool default-pool -Name $a, $b, "$a-same" -Confirm:$false
        }

        It 'fails a job whose work libvirt refuses, with the ErrorRecord in Receive-Job''s error stream: <Cmdlet>' -ForEach @(
            @{ Cmdlet = 'Clear-StorageVolume'; Class = 'ClearStorageVolumeCommand'; Script = { param($h, $n) Clear-StorageVolume -Connection $h -Pool default-pool -Name $n -AsJob -Confirm:$false } }
            @{ Cmdlet = 'Export-StorageVolume'; Class = 'ExportStorageVolumeCommand'; Script = { param($h, $n) Export-StorageVolume -Connection $h -Pool default-pool -Name $n -Destination (Join-Path $TestDrive "$n.out") -AsJob } }
            @{ Cmdlet = 'Import-StorageVolume'; Class = 'ImportStorageVolumeCommand'; Script = { param($h, $n) $f = Join-Path $TestDrive 'in.bin'; Set-Content $f 'data'; Import-StorageVolume -Connection $h -Volume (Get-StorageVolume -Connection $h default-pool $n) -Path $f -AsJob -Confirm:$false } }
        ) {
            $n = New-Name 'nosup'
            $null = New-StorageVolume -Connection $h default-pool $n 1MB
            $job = & $Script $h $n
            $null = $job | Wait-Job -Timeout 60
            $job.State | Should -Be 'Failed'
            $job.JobStateInfo.Reason | Should -BeNullOrEmpty
            $job.ChildJobs[0].State | Should -Be 'Failed'
            $job.ChildJobs[0].StatusMessage | Should -Match 'not supported'
            $out = $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be "LibvirtNoSupport,PSLibvirt.Commands.$Class"
            $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            $err[0].CategoryInfo.Activity | Should -Be $Cmdlet
            "$($err[0].TargetObject)" | Should -Be $n -Because 'the target is the input: the name given, or the volume piped'

            Remove-StorageVolume -Connection $h -Pool default-pool -Name $n -Confirm:$false
        }

        It 'deletes the volume that a failed upload job created' {
            $n = New-Name 'created'
            $f = Join-Path $TestDrive 'created.bin'
            Set-Content $f 'data'
            $job = Import-StorageVolume -Connection $h -Pool default-pool -Name $n -Path $f -AsJob
            $null = $job | Wait-Job -Timeout 60
            $job.State | Should -Be 'Failed'
            $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtNoSupport,PSLibvirt.Commands.ImportStorageVolumeCommand'
            @(Get-StorageVolume -Connection $h default-pool $n -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        }

        It 'reports a missing <What> in the foreground, before any job, and makes no job when nothing is left to do' -ForEach @(
            @{ What = 'volume'; Id = 'StorageVolumeNotFound,PSLibvirt.Commands.CopyStorageVolumeCommand'; Script = { param($h, $n) Copy-StorageVolume -Connection $h -Pool default-pool -Name $n -NewName x -AsJob } }
            @{ What = 'pool'; Id = 'StoragePoolNotFound,PSLibvirt.Commands.ClearStorageVolumeCommand'; Script = { param($h, $n) Clear-StorageVolume -Connection $h -Pool nopool -Name $n -AsJob -Confirm:$false } }
            @{ What = 'file'; Id = 'FileNotFound,PSLibvirt.Commands.ImportStorageVolumeCommand'; Script = { param($h, $n) Import-StorageVolume -Connection $h -Pool default-pool -Name $n -Path (Join-Path $TestDrive 'missing.bin') -AsJob } }
            @{ What = 'destination check'; Id = 'DestinationExists,PSLibvirt.Commands.ExportStorageVolumeCommand'; Script = { param($h, $n) $f = Join-Path $TestDrive 'exists.bin'; Set-Content $f 'x'; Export-StorageVolume -Connection $h -Pool default-pool -Name $n -Destination $f -AsJob } }
        ) {
            $n = New-Name 'fg'
            $before = @(Get-Job).Count
            $ErrorActionPreference = 'Continue'
            $Error.Clear()
            $out = & $Script $h $n 2>$null
            $out | Should -BeNullOrEmpty -Because 'no input is left for a job'
            $Error.Count | Should -Be 1
            $Error[0].FullyQualifiedErrorId | Should -Be $Id
            @(Get-Job).Count | Should -Be $before
        }

        It 'asks ShouldProcess before the job: -WhatIf makes no job and changes nothing' {
            $n = New-Name 'whatif'
            $null = New-StorageVolume -Connection $h default-pool $n 1MB
            $before = @(Get-Job).Count
            Copy-StorageVolume -Connection $h -Pool default-pool -Name $n -NewName "$n-copy" -AsJob -WhatIf | Should -BeNullOrEmpty
            @(Get-Job).Count | Should -Be $before
            @(Get-StorageVolume -Connection $h default-pool "$n-copy" -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
            Remove-StorageVolume -Connection $h -Pool default-pool -Name $n -Confirm:$false
        }
    }
}

Describe 'Storage on a private libvirtd' -Tag 'Storage', 'Lifecycle' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        if ($support.Supported) {
            $daemon = Start-PrivateLibvirtd
            $uri = $daemon.Uri
            $h = Connect-Hypervisor -Uri $uri -Name storage-qemu
            # under /tmp: the daemon's mount namespace has private /var/lib/libvirt, /tmp is shared
            $dir = Join-Path ([IO.Path]::GetTempPath()) (New-Name 'pslv-pool-')
            $pool = New-Name 'pslv-pool-'
            $work = Join-Path ([IO.Path]::GetTempPath()) (New-Name 'pslv-data-')
            $null = New-Item -ItemType Directory $work
        }
    }
    AfterAll {
        if ($h) { Disconnect-Hypervisor -Connection $h -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
        foreach ($d in $dir, $work) { if ($d -and (Test-Path $d)) { Remove-Item -Recurse -Force $d } }
    }
    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'refuses a dir pool whose path does not exist without -Build, and leaves no pool defined' {
        New-StoragePool -Connection $h -Name $pool -Path $dir -Start -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.NewStoragePoolCommand'
        $err[0].Exception.Message | Should -Match ([regex]::Escape($dir))
        Invoke-Virsh $uri 'pool-list', '--all', '--name' | Should -Not -Match $pool
    }

    It 'defines, builds and starts a dir pool (virsh pool-info agrees)' {
        $p = New-StoragePool -Connection $h -Name $pool -Type dir -Path $dir -Build -Start -Autostart
        $p.State | Should -Be 'running'
        Test-Path -LiteralPath $dir -PathType Container | Should -BeTrue
        $info = Get-VirshInfo $uri 'pool-info', '--bytes', $pool
        $info.State | Should -Be 'running'
        $info.Autostart | Should -Be 'yes'
        $info.Persistent | Should -Be 'yes'
        [long]$info.Capacity | Should -Be $p.CapacityBytes
        $p.Uuid | Should -Be ([guid]$info.UUID)
    }

    It 'creates qcow2 and raw volumes (virsh vol-info agrees)' {
        $q = New-StorageVolume -Connection $h -Pool $pool -Name disk.qcow2 -CapacityBytes 64MB -Format qcow2
        $r = New-StorageVolume -Connection $h -Pool $pool -Name disk.raw -CapacityBytes '8MiB' -Format raw
        $q.Format | Should -Be 'qcow2'
        $r.Format | Should -Be 'raw'
        $q.Path | Should -Be (Join-Path $dir 'disk.qcow2')
        (Get-VirshInfo $uri 'vol-info', '--bytes', '--pool', $pool, 'disk.qcow2').Capacity | Should -Be (64MB).ToString()
        (Get-VirshInfo $uri 'vol-info', '--bytes', '--pool', $pool, 'disk.raw').Capacity | Should -Be (8MB).ToString()
        (& qemu-img info --output=json $q.Path | ConvertFrom-Json).format | Should -Be 'qcow2'
    }

    It 'creates a qcow2 overlay on a backing volume' {
        $base = Get-StorageVolume -Connection $h $pool disk.qcow2
        $overlay = New-StorageVolume -Connection $h -Pool $pool -Name overlay.qcow2 -CapacityBytes 64MB -BackingVolume $base
        $overlay.Format | Should -Be 'qcow2'
        $info = & qemu-img info --output=json $overlay.Path | ConvertFrom-Json
        $info.'backing-filename' | Should -Be $base.Path
        Invoke-Virsh $uri 'vol-dumpxml', '--pool', $pool, 'overlay.qcow2' | Should -Match ([regex]::Escape("<path>$($base.Path)</path>"))
        $overlay | Remove-StorageVolume -Confirm:$false
    }

    It 'gives New-Domain -Volume a volume from the pipeline (binds by Path)' {
        $name = New-Name 'pslv-voldom-'
        $vol = Get-StorageVolume -Connection $h $pool disk.qcow2
        try {
            $vol | New-Domain -Connection $h -Name $name -MemoryMB 64 | Out-Null
            Invoke-Virsh $uri 'domblklist', $name, '--details' | Should -Match ([regex]::Escape($vol.Path))
        } finally {
            & timeout 20 virsh -q -c $uri undefine $name 2>&1 | Out-Null
        }
    }

    It 'reports a duplicate volume name as ResourceExists' {
        New-StorageVolume -Connection $h -Pool $pool -Name disk.raw -CapacityBytes 1MB -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'LibvirtStorageVolExist,PSLibvirt.Commands.NewStorageVolumeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-VirshInfo $uri 'vol-info', '--bytes', '--pool', $pool, 'disk.raw').Capacity | Should -Be (8MB).ToString()
    }

    It 'reports a volume bigger than the pool and creates nothing' {
        New-StorageVolume -Connection $h -Pool $pool -Name huge.raw -CapacityBytes 1PB -AllocationBytes 1PB -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.NewStorageVolumeCommand'
        Invoke-Virsh $uri 'vol-list', $pool | Should -Not -Match 'huge\.raw'
    }

    It 'clones, resizes and wipes volumes' {
        $clone = Get-StorageVolume -Connection $h $pool disk.qcow2 | Copy-StorageVolume -NewName clone.qcow2
        $clone.Format | Should -Be 'qcow2'
        $clone.CapacityBytes | Should -Be 64MB
        Invoke-Virsh $uri 'vol-list', $pool | Should -Match 'clone\.qcow2'
        $r = Resize-StorageVolume -Connection $h -Pool $pool -Name clone.qcow2 -CapacityBytes 128MB -PassThru
        $r.CapacityBytes | Should -Be 128MB
        (Get-VirshInfo $uri 'vol-info', '--bytes', '--pool', $pool, 'clone.qcow2').Capacity | Should -Be (128MB).ToString()
        Resize-StorageVolume -Connection $h -Pool $pool -Name clone.qcow2 -CapacityBytes 32MB -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument' -Because 'shrinking needs -Shrink'
        Clear-StorageVolume -Connection $h -Pool $pool -Name disk.raw -Confirm:$false
        Remove-StorageVolume -Connection $h -Pool $pool -Name clone.qcow2 -Confirm:$false
        Invoke-Virsh $uri 'vol-list', $pool | Should -Not -Match 'clone\.qcow2'
    }

    It 'uploads a generated file into a new volume and downloads it byte-identical' {
        $src = Join-Path $work 'src.bin'
        $bytes = [byte[]]::new(5MB + 12345)
        [Random]::new(42).NextBytes($bytes)
        [IO.File]::WriteAllBytes($src, $bytes)
        $ps = New-ModulePowerShell
        try {
            $null = $ps.AddCommand('Import-StorageVolume').AddParameter('Connection', $h).AddParameter('Pool', $pool).AddParameter('Name', 'upload.raw').AddParameter('Path', $src).AddParameter('PassThru')
            $v = $ps.Invoke()[0]
            $ps.Streams.Error | Should -BeNullOrEmpty
            $last = $ps.Streams.Progress[$ps.Streams.Progress.Count - 1]
            $last.RecordType | Should -Be 'Completed'
            $last.StatusDescription | Should -Match '^5\.01 MiB of 5\.01 MiB at [\d.]+ [KMG]iB/s$'
        } finally { $ps.Runspace.Dispose(); $ps.Dispose() }
        $v.CapacityBytes | Should -Be $bytes.Length
        (Get-FileHash (Join-Path $dir 'upload.raw')).Hash | Should -Be (Get-FileHash $src).Hash
        $dst = Join-Path $work 'dst.bin'
        $file = $v | Export-StorageVolume -Destination $dst -PassThru
        $file.FullName | Should -Be $dst
        (Get-FileHash $dst).Hash | Should -Be (Get-FileHash $src).Hash
        @(Get-ChildItem -Force $work -Filter '*.partial') | Should -BeNullOrEmpty
        # virsh vol-download of the same volume is the oracle
        $oracle = Join-Path $work 'oracle.bin'
        Invoke-Virsh $uri 'vol-download', '--pool', $pool, 'upload.raw', $oracle
        (Get-FileHash $oracle).Hash | Should -Be (Get-FileHash $dst).Hash
    }

    It 'transfers sparse files as holes and keeps the data identical' {
        $src = Join-Path $work 'sparse.bin'
        $fs = [IO.File]::Create($src)
        try {
            $fs.Write([byte[]]@(1..200), 0, 200)
            $fs.Seek(3MB, 'Begin') | Out-Null
            $fs.Write([byte[]]@(7) * 5000, 0, 5000)
            $fs.SetLength(6MB)
        } finally { $fs.Dispose() }
        Import-StorageVolume -Connection $h -Pool $pool -Name sparse.raw -Path $src -Sparse
        (Get-FileHash (Join-Path $dir 'sparse.raw')).Hash | Should -Be (Get-FileHash $src).Hash
        $dst = Join-Path $work 'sparse-out.bin'
        Export-StorageVolume -Connection $h -Pool $pool -Name sparse.raw -Destination $dst -Sparse
        (Get-FileHash $dst).Hash | Should -Be (Get-FileHash $src).Hash
        [long](& stat -c '%b' $dst) * 512 | Should -BeLessThan 1MB -Because 'holes stay holes'
    }

    It 'uploads into an existing volume' {
        $src = Join-Path $work 'small.bin'
        [IO.File]::WriteAllBytes($src, [byte[]]@(9) * 4096)
        Get-StorageVolume -Connection $h $pool disk.raw | Import-StorageVolume -Path $src -Confirm:$false
        $first = [byte[]]::new(4096)
        $fs = [IO.File]::OpenRead((Join-Path $dir 'disk.raw')); try { $null = $fs.Read($first, 0, 4096) } finally { $fs.Dispose() }
        $first | Select-Object -Unique | Should -Be 9
    }

    It 'refuses to download to a path that cannot be written, leaving nothing behind' {
        $bad = Join-Path $work 'no/such/dir/out.bin'
        Export-StorageVolume -Connection $h -Pool $pool -Name upload.raw -Destination $bad -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -BeIn 'WriteError', 'ObjectNotFound'
        Test-Path $bad | Should -BeFalse
        # an existing file needs -Force
        $dst = Join-Path $work 'dst.bin'
        Export-StorageVolume -Connection $h -Pool $pool -Name upload.raw -Destination $dst -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -Be 'DestinationExists,PSLibvirt.Commands.ExportStorageVolumeCommand'
        $err2[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err2[0].Exception.Message | Should -Match '-Force'
    }

    It 'cancels a download on Ctrl+C (SIGINT): no file that looks complete, no temporary file' {
        $big = New-StorageVolume -Connection $h -Pool $pool -Name big.raw -CapacityBytes 1GB -Format raw
        $dst = Join-Path $work 'big.bin'
        $log = Join-Path $work 'export.log'
        $p = Start-TransferProcess "Export-StorageVolume -Pool '$pool' -Name big.raw -Destination '$dst'" $log
        try {
            Wait-Until { Get-ChildItem -Force $work -Filter '.big.bin.*.partial' | Where-Object Length -GT 1MB } 30 'the download to start'
            & kill -INT $p.Id
            $p.WaitForExit(10000) | Should -BeTrue -Because 'Ctrl+C ends a transfer at once'
            Get-Content $log -Raw | Should -Not -Match 'DONE' -Because 'the transfer was stopped, not completed'
        } finally { if (-not $p.HasExited) { $p.Kill() } }
        Test-Path $dst | Should -BeFalse
        @(Get-ChildItem -Force $work -Filter '*.partial') | Should -BeNullOrEmpty
        $big | Remove-StorageVolume -Confirm:$false
    }

    It 'cancels an upload into a new volume on Ctrl+C (SIGINT) and leaves no volume behind' {
        $src = Join-Path $work 'big-src.bin'
        $fs = [IO.File]::Create($src); try { $fs.SetLength(1GB) } finally { $fs.Dispose() }
        $log = Join-Path $work 'import.log'
        $p = Start-TransferProcess "Import-StorageVolume -Pool '$pool' -Name cancelled.raw -Path '$src'" $log
        try {
            Wait-Until { (Get-Item (Join-Path $dir 'cancelled.raw') -ErrorAction Ignore).Length -gt 0 -and
                         (& stat -c '%b' (Join-Path $dir 'cancelled.raw')) -gt 2048 } 30 'the upload to start writing'
            & kill -INT $p.Id
            $p.WaitForExit(10000) | Should -BeTrue -Because 'Ctrl+C ends a transfer at once'
            Get-Content $log -Raw | Should -Not -Match 'DONE'
        } finally { if (-not $p.HasExited) { $p.Kill() }; Remove-Item $src }
        Invoke-Virsh $uri 'vol-list', $pool | Should -Not -Match 'cancelled\.raw'
    }

    It 'reports a connection dropped in the middle of an upload as an error, and the session goes on' {
        # a daemon of its own, stopped while the upload runs
        $second = Start-PrivateLibvirtd
        $src = Join-Path $work 'drop-src.bin'
        $dropDir = Join-Path $work 'droppool'
        $log = Join-Path $work 'drop.log'
        try {
            $fs = [IO.File]::Create($src); try { $fs.SetLength(1GB) } finally { $fs.Dispose() }
            Invoke-Virsh $second.Uri 'pool-define-as', 'drop', 'dir', '--target', $dropDir
            Invoke-Virsh $second.Uri 'pool-build', 'drop'
            Invoke-Virsh $second.Uri 'pool-start', 'drop'
            $script = "Import-Module '$modulePath'; `$null = Connect-Hypervisor -Uri '$($second.Uri)'; `$ErrorActionPreference = 'Continue'; " +
                      "Import-StorageVolume -Pool drop -Name dropped.raw -Path '$src' -ErrorVariable e 2>`$null; " +
                      "'ERROR ' + `$e[0].FullyQualifiedErrorId + ' ' + `$e[0].CategoryInfo.Category; 'MESSAGE ' + `$e[0]; Get-Hypervisor | Out-Null; 'AFTER'"
            $si = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
            if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $si.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
            foreach ($a in '-NoProfile', '-NonInteractive', '-Command', "& { $script } *> '$log'") { $si.ArgumentList.Add($a) }
            $p = [Diagnostics.Process]::Start($si)
            Wait-Until { (Test-Path (Join-Path $dropDir 'dropped.raw')) -and (& stat -c '%b' (Join-Path $dropDir 'dropped.raw')) -gt 2048 } 30 'the upload to start writing'
            Stop-PrivateLibvirtd -Daemon $second
            $p.WaitForExit(30000) | Should -BeTrue -Because 'the cmdlet returns when the connection drops'
            $out = Get-Content $log -Raw
            $out | Should -Match 'ERROR ConnectionLost,PSLibvirt\.Commands\.ImportStorageVolumeCommand ConnectionError'
            # The daemon is gone, so the partial volume stays: the error names it, for whoever reads the job's log.
            $out | Should -Match "MESSAGE .*The volume 'dropped\.raw' that this upload created in storage pool 'drop' holds a partial copy"
            $out | Should -Match 'AFTER' -Because 'the session goes on after the error'
        } finally {
            Stop-PrivateLibvirtd -Daemon $second
            Remove-Item $src -ErrorAction SilentlyContinue
        }
    }

    It 'reports libvirt''s error for pool types that need services missing here: <Type>' -ForEach @(
        @{ Type = 'iscsi'; Params = @{ SourceHost = '127.0.0.1'; SourcePath = 'iqn.2026-01.org.example:none' } }
        @{ Type = 'rbd'; Params = @{ SourceHost = '127.0.0.1'; SourceName = 'rbd' } }
        @{ Type = 'gluster'; Params = @{ SourceHost = '127.0.0.1'; SourceName = 'gv0' } }
    ) {
        $name = New-Name "pslv-$Type-"
        New-StoragePool -Connection $h -Name $name -Type $Type @Params -Start -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.NewStoragePoolCommand'
        $err[0].Exception.Message | Should -Not -BeNullOrEmpty
        Invoke-Virsh $uri 'pool-list', '--all', '--name' | Should -Not -Match $name -Because 'a pool that failed to start is undefined again'
    }

    It 'uploads and downloads in jobs: progress in the child job, the volume and file Receive-Job returns agree with virsh' {
        $src = Join-Path $work 'job-src.bin'
        $bytes = [byte[]]::new(3MB + 777)
        [Random]::new(7).NextBytes($bytes)
        [IO.File]::WriteAllBytes($src, $bytes)
        $job = Import-StorageVolume -Connection $h -Pool $pool -Name job.raw -Path $src -PassThru -AsJob
        $job.Location | Should -Be 'storage-qemu'
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        $child = $job.ChildJobs[0]
        $child.Progress.Count | Should -BeGreaterThan 0
        $last = $child.Progress[$child.Progress.Count - 1]
        $last.RecordType | Should -Be 'Completed'
        $last.StatusDescription | Should -Match '^3 MiB of 3 MiB at [\d.]+ [KMG]iB/s$'
        $child.Verbose[0].Message | Should -Match "^Uploaded 3 MiB from '.*job-src\.bin' to storage volume 'job\.raw' in storage pool '$pool' on 'storage-qemu'\.$"
        $v = $job | Receive-Job -ErrorVariable err
        $err | Should -BeNullOrEmpty
        $v.Name | Should -Be 'job.raw'
        $info = Get-VirshInfo $uri 'vol-info', '--bytes', '--pool', $pool, 'job.raw'
        [long]$info.Capacity | Should -Be $v.CapacityBytes
        $v.CapacityBytes | Should -Be $bytes.Length
        Invoke-Virsh $uri 'vol-list', $pool | Should -Match 'job\.raw'
        (Get-FileHash (Join-Path $dir 'job.raw')).Hash | Should -Be (Get-FileHash $src).Hash

        $dst = Join-Path $work 'job-dst.bin'
        $job = $v | Export-StorageVolume -Destination $dst -PassThru -AsJob
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        $job.ChildJobs[0].Progress[-1].RecordType | Should -Be 'Completed'
        $file = $job | Receive-Job
        $file.FullName | Should -Be $dst
        (Get-FileHash $dst).Hash | Should -Be (Get-FileHash $src).Hash
        @(Get-ChildItem -Force $work -Filter '*.partial') | Should -BeNullOrEmpty
        $job | Remove-Job
    }

    It 'clones and wipes in jobs (virsh agrees), and a clone onto a taken name fails its job with the error the cmdlet writes without -AsJob' {
        $job = Copy-StorageVolume -Connection $h -Pool $pool -Name job.raw -NewName job-clone.raw -AsJob
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        $clone = $job | Receive-Job
        $clone.Name | Should -Be 'job-clone.raw'
        [long](Get-VirshInfo $uri 'vol-info', '--bytes', '--pool', $pool, 'job-clone.raw').Capacity | Should -Be $clone.CapacityBytes
        # libvirt rounds a clone's capacity up to whole blocks: the data is the source's, then zeros
        $clone.CapacityBytes | Should -BeGreaterOrEqual (Get-Item (Join-Path $dir 'job.raw')).Length
        $source = [IO.File]::ReadAllBytes((Join-Path $dir 'job.raw'))
        $head = [byte[]]::new($source.Length)
        $fs = [IO.File]::OpenRead($clone.Path); try { $fs.ReadExactly($head, 0, $head.Length) } finally { $fs.Dispose() }
        [Linq.Enumerable]::SequenceEqual[byte]($head, $source) | Should -BeTrue

        $job = Clear-StorageVolume -Connection $h -Pool $pool -Name job-clone.raw -PassThru -AsJob -Confirm:$false
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Completed'
        ($job | Receive-Job).Name | Should -Be 'job-clone.raw'
        $head = [byte[]]::new(4096)
        $fs = [IO.File]::OpenRead($clone.Path); try { $null = $fs.Read($head, 0, 4096) } finally { $fs.Dispose() }
        $head | Select-Object -Unique | Should -Be 0 -Because 'the wipe wrote zeros'

        # the name is taken: the job fails with the error the cmdlet writes without -AsJob
        Copy-StorageVolume -Connection $h -Pool $pool -Name job.raw -NewName job-clone.raw -ErrorVariable direct -ErrorAction SilentlyContinue
        $direct.Count | Should -Be 1
        $direct[0].FullyQualifiedErrorId | Should -BeLike 'Libvirt*,PSLibvirt.Commands.CopyStorageVolumeCommand'
        $job = Copy-StorageVolume -Connection $h -Pool $pool -Name job.raw -NewName job-clone.raw -AsJob
        $null = $job | Wait-Job -Timeout 60
        $job.State | Should -Be 'Failed'
        $job | Receive-Job -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be $direct[0].FullyQualifiedErrorId
        $err[0].CategoryInfo.Category | Should -Be $direct[0].CategoryInfo.Category
        $err[0].Exception.Message | Should -Be $direct[0].Exception.Message
        Get-Job | Where-Object PSJobTypeName -EQ PSLibvirtJob | Remove-Job
    }

    It 'stops an upload job into a new volume with Stop-Job and leaves no volume behind' {
        $src = Join-Path $work 'stop-src.bin'
        $fs = [IO.File]::Create($src); try { $fs.SetLength(4GB) } finally { $fs.Dispose() }
        try {
            $job = Import-StorageVolume -Connection $h -Pool $pool -Name stopped.raw -Path $src -AsJob
            $child = $job.ChildJobs[0]
            Wait-Until { $child.Progress.Count -gt 0 } 30 'the upload job to report progress'
            $child.Progress[0].PercentComplete | Should -BeLessThan 100 -Because 'the upload is under way'
            Invoke-Virsh $uri 'vol-list', $pool | Should -Match 'stopped\.raw' -Because 'the job created the volume it uploads into'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $job | Stop-Job
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'Stop-Job ends a transfer at once'
            $job.State | Should -Be 'Stopped' -Because 'Stop-Job returns once the job has stopped'
            $child.State | Should -Be 'Stopped'
            $child.Progress[-1].RecordType | Should -Be 'Completed' -Because 'the progress bar is closed'
            $job | Receive-Job -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty -Because 'a stop is not an error'
        } finally { Remove-Item $src }
        Invoke-Virsh $uri 'vol-list', $pool | Should -Not -Match 'stopped\.raw'
        Test-Path (Join-Path $dir 'stopped.raw') | Should -BeFalse
        $job | Remove-Job
    }

    It 'stops a download job with Stop-Job: no file that looks complete, no temporary file' {
        $big = New-StorageVolume -Connection $h -Pool $pool -Name big-job.raw -CapacityBytes 4GB -Format raw
        $dst = Join-Path $work 'big-job.bin'
        $job = $big | Export-StorageVolume -Destination $dst -AsJob
        $child = $job.ChildJobs[0]
        Wait-Until { $child.Progress.Count -gt 0 } 30 'the download job to report progress'
        @(Get-ChildItem -Force $work -Filter '.big-job.bin.*.partial').Count | Should -Be 1 -Because 'the download is under way'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $job | Stop-Job
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $job.State | Should -Be 'Stopped'
        $child.State | Should -Be 'Stopped'
        Test-Path $dst | Should -BeFalse
        @(Get-ChildItem -Force $work -Filter '*.partial') | Should -BeNullOrEmpty
        $job | Remove-Job
        $big | Remove-StorageVolume -Confirm:$false
        Invoke-Virsh $uri 'vol-list', $pool | Should -Not -Match 'big-job\.raw'
    }

    It 'deletes volumes, stops the pool and removes it with its directory' {
        Get-StorageVolume -Connection $h $pool | Remove-StorageVolume -Confirm:$false
        Invoke-Virsh $uri 'vol-list', $pool | Should -BeNullOrEmpty
        Stop-StoragePool -Connection $h $pool
        (Get-VirshInfo $uri 'pool-info', $pool).State | Should -Be 'inactive'
        Remove-StoragePool -Connection $h $pool -Delete -Confirm:$false
        Invoke-Virsh $uri 'pool-list', '--all', '--name' | Should -Not -Match $pool
        Test-Path $dir | Should -BeFalse
    }
}
