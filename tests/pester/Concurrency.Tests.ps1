#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# 16 runspaces (ForEach-Object -Parallel) share one connection for a while, mixing reads, writes and failures.
# libvirt's last error is per thread and connections are thread-safe: no crash, no deadlock, and every failure must
# report the object its own runspace asked for (each runspace asks for names no other uses).
# ./build.ps1 Test runs 8 s; PSLIBVIRT_CONCURRENCY_SECONDS sets more (30 s is the issue's full run).

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
}

Describe 'One connection shared by 16 runspaces' -Tag 'Concurrency' {
    BeforeAll {
        $seconds = if ($env:PSLIBVIRT_CONCURRENCY_SECONDS) { [double]$env:PSLIBVIRT_CONCURRENCY_SECONDS } else { 8 }
        $h = Connect-Hypervisor -Uri test:///default -Name shared
    }
    AfterAll { if ($h) { Disconnect-Hypervisor -Connection $h -Confirm:$false } }

    It 'mixes reads, writes and failures for a while: every runspace finishes, and every error names what its runspace asked for' {
        $deadline = [DateTime]::UtcNow.AddSeconds($seconds)
        $results = 1..16 | ForEach-Object -ThrottleLimit 16 -Parallel {
            Import-Module $using:modulePath
            $c = $using:h
            $i = $_
            $calls = 0; $wrong = [System.Collections.Generic.List[string]]::new()
            for ($n = 0; [DateTime]::UtcNow -lt $using:deadline; $n++) {
                # a read
                if ((Get-Domain -Connection $c -Name test).Name -ne 'test') { $wrong.Add("read ${n}") }
                # a lookup that fails in the module: the error's target is this runspace's name
                $missing = "missing-$i-$n"
                Get-Domain -Connection $c -Name $missing -ErrorVariable e -ErrorAction SilentlyContinue
                if ($e.Count -ne 1 -or $e[0].TargetObject -ne $missing -or "$($e[0])" -notmatch [regex]::Escape($missing)) { $wrong.Add("lookup ${n}: $($e[0].TargetObject) $($e[0])") }
                # a call that fails in libvirt: libvirt's own message must carry this runspace's value (per-thread error)
                $bogus = "bogus-$i-$n"
                New-Domain -Connection $c -Xml "<domain type='test'><name>par-bad-$i</name><memory>65536</memory><os><type>hvm</type></os><on_poweroff>$bogus</on_poweroff></domain>" -SkipValidation -ErrorVariable e -ErrorAction SilentlyContinue
                if ($e.Count -ne 1 -or "$($e[0])" -notmatch "action: $([regex]::Escape($bogus))$") { $wrong.Add("libvirt ${n}: $($e[0])") }
                # a write and its undo
                $net = New-Network -Connection $c -Xml "<network><name>par-$i</name><bridge name='virbr-par$i'/></network>"
                if ($net.Name -ne "par-$i") { $wrong.Add("define ${n}: $($net.Name)") }
                Remove-Network -Connection $c "par-$i" -Confirm:$false
                $calls += 5
            }
            [pscustomobject]@{ Runspace = $i; Calls = $calls; Wrong = $wrong.ToArray() }
        }
        $results.Count | Should -Be 16 -Because 'every runspace finished'
        $total = ($results | Measure-Object Calls -Sum).Sum
        $wrong = @(foreach ($r in $results) { foreach ($w in $r.Wrong) { "runspace $($r.Runspace): $w" } })
        Write-Host ("    concurrency: 16 runspaces, {0:N0} calls in {1} s ({2:N0} calls/s), {3} wrong" -f $total, $seconds, ($total / $seconds), $wrong.Count)
        $wrong | Should -BeNullOrEmpty
        @($results | Where-Object Calls -LT 5) | Should -BeNullOrEmpty -Because 'every runspace made calls'
        # Nothing left behind, and the connection still serves.
        @(Get-Network -Connection $h -Name 'par-*') | Should -BeNullOrEmpty
        $h.IsAlive | Should -BeTrue
    }
}
