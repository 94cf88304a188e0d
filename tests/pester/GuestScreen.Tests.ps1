#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Reaching into guests: the screen and the keyboard. The booting test guest (Get-TestGuestImage) runs on a private
# libvirtd with a VGA card and a VNC display added to its XML; virsh on the same URI (screenshot) is the oracle. A second
# guest has no graphics. Breadth and errors on test:///default, whose driver answers virDomainScreenshot with a PNG.


BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
    $modulePath = if ($env:PSLIBVIRT_MODULE_PATH) { $env:PSLIBVIRT_MODULE_PATH } else { Join-Path $repo 'out/PSLibvirt/PSLibvirt.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    Import-Module (Join-Path $PSScriptRoot '../harness/PrivateLibvirtd.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # An independent PNG reader (the oracle for the module's encoder and for QEMU's PNGs): signature, chunk CRCs,
    # IHDR, IDAT inflated, rows unfiltered (all five filters), 8-bit RGB or RGBA reduced to RGB.
    if (-not ('PslvPngOracle' -as [type])) {
        Add-Type -TypeDefinition @'
using System; using System.IO; using System.IO.Compression; using System.Collections.Generic; using System.Text;
public sealed class PslvPng { public int Width, Height, BitDepth, ColorType; public List<string> Chunks = new List<string>(); public byte[] Raw, Rgb; }
public static class PslvPngOracle {
    static int Be(byte[] b, int p) { return (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]; }
    static uint Crc(byte[] b, int p, int n) { uint c = 0xFFFFFFFF; for (int i = p; i < p + n; i++) { c ^= b[i]; for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1; } return ~c; }
    public static PslvPng Read(string path, bool headerOnly) {
        byte[] b = File.ReadAllBytes(path);
        byte[] sig = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        for (int i = 0; i < 8; i++) if (b[i] != sig[i]) throw new InvalidDataException(path + " has no PNG signature");
        var r = new PslvPng(); var idat = new MemoryStream(); int pos = 8;
        while (pos < b.Length) {
            int len = Be(b, pos); string name = Encoding.ASCII.GetString(b, pos + 4, 4); r.Chunks.Add(name);
            if ((uint)Be(b, pos + 8 + len) != Crc(b, pos + 4, len + 4)) throw new InvalidDataException("bad CRC in chunk " + name);
            if (name == "IHDR") { r.Width = Be(b, pos + 8); r.Height = Be(b, pos + 12); r.BitDepth = b[pos + 16]; r.ColorType = b[pos + 17]; }
            if (name == "IDAT") idat.Write(b, pos + 8, len);
            pos += 12 + len;
            if (name == "IEND") break;
        }
        if (headerOnly) return r;
        if (r.BitDepth != 8 || (r.ColorType != 2 && r.ColorType != 6)) throw new NotSupportedException("only 8-bit RGB/RGBA");
        idat.Position = 0; var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        r.Raw = raw.ToArray();
        int bpp = r.ColorType == 6 ? 4 : 3, stride = bpp * r.Width;
        var cur = new byte[stride]; var prev = new byte[stride]; r.Rgb = new byte[3 * r.Width * r.Height];
        for (int y = 0; y < r.Height; y++) {
            int f = r.Raw[y * (stride + 1)]; Array.Copy(r.Raw, y * (stride + 1) + 1, cur, 0, stride);
            for (int i = 0; i < stride; i++) {
                int a = i >= bpp ? cur[i - bpp] : 0, u = prev[i], c = i >= bpp ? prev[i - bpp] : 0, p = a + u - c;
                int pa = Math.Abs(p - a), pb = Math.Abs(p - u), pc = Math.Abs(p - c);
                int pred = f == 0 ? 0 : f == 1 ? a : f == 2 ? u : f == 3 ? (a + u) / 2 : (pa <= pb && pa <= pc ? a : pb <= pc ? u : c);
                if (f > 4) throw new InvalidDataException("bad filter " + f);
                cur[i] = (byte)(cur[i] + pred);
            }
            for (int x = 0; x < r.Width; x++) for (int k = 0; k < 3; k++) r.Rgb[3 * (y * r.Width + x) + k] = cur[x * bpp + k];
            var t = prev; prev = cur; cur = t;
        }
        return r;
    }
    public static double SameFraction(byte[] a, byte[] b) {
        if (a.Length != b.Length) return 0; int same = 0;
        for (int i = 0; i < a.Length; i += 3) if (a[i] == b[i] && a[i + 1] == b[i + 1] && a[i + 2] == b[i + 2]) same++;
        return same / (a.Length / 3.0);
    }
}
'@
    }
    function Read-PngFile([string] $Path, [switch] $HeaderOnly) { [PslvPngOracle]::Read($Path, [bool]$HeaderOnly) }
    # Parses a P6 PPM as virsh screenshot writes it from QEMU (no comments: QEMU writes "P6\n<w> <h>\n255\n").
    function Read-PpmFile([string] $Path) {
        $b = [IO.File]::ReadAllBytes($Path)
        $head = [Text.Encoding]::ASCII.GetString($b, 0, [Math]::Min(64, $b.Length))
        if ($head -notmatch '^P6\s+(\d+)\s+(\d+)\s+(\d+)\s') { throw "$Path is not a P6 PPM: $($head.Substring(0, 10))" }
        $offset = $Matches[0].Length
        [pscustomobject]@{ Width = [int]$Matches[1]; Height = [int]$Matches[2]; MaxVal = [int]$Matches[3]
            Rgb = [byte[]]$b[$offset..($b.Length - 1)] }
    }
}

Describe 'Save-DomainScreenshot on test:///default' -Tag 'Guest' {
    BeforeAll {
        $conn = Connect-Hypervisor -Uri test:///default -Name 'pslv-screen-test'
        $dir = Join-Path ([IO.Path]::GetTempPath()) "pslv-screen-$([IO.Path]::GetRandomFileName())"
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterAll {
        Disconnect-Hypervisor -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'writes the PNG the test driver sends, of the size virsh screenshot gives' {
        $file = Join-Path $dir 'a.png'
        $r = Save-DomainScreenshot -Name test -Connection $conn -Path $file
        $r | Should -BeOfType 'PSLibvirt.DomainScreenshot'
        $r.Path | Should -Be $file
        $r.Format | Should -Be 'PNG'
        $r.SourceMimeType | Should -Be 'image/png'
        $png = Read-PngFile $file -HeaderOnly
        $png.Chunks[0] | Should -Be 'IHDR'
        $png.Chunks[-1] | Should -Be 'IEND'
        $r.Width | Should -Be $png.Width
        $r.Height | Should -Be $png.Height
        $r.Length | Should -Be (Get-Item $file).Length
        virsh -q -c test:///default screenshot test (Join-Path $dir 'virsh.png') | Out-Null
        $LASTEXITCODE | Should -Be 0
        $v = Read-PngFile (Join-Path $dir 'virsh.png') -HeaderOnly
        "$($v.Width)x$($v.Height)" | Should -Be "$($r.Width)x$($r.Height)"
        Get-ChildItem -LiteralPath $dir -Force -Filter '*.partial' | Should -BeNullOrEmpty
    }

    It 'refuses to overwrite a file without -Force (ResourceExists), overwrites with -Force, -WhatIf writes nothing' {
        $file = Join-Path $dir 'exists.png'
        Set-Content -LiteralPath $file -Value 'keep me'
        $e = $null
        Save-DomainScreenshot -Name test -Connection $conn -Path $file -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'DestinationExists,PSLibvirt.Commands.SaveDomainScreenshotCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content -LiteralPath $file | Should -Be 'keep me'
        Save-DomainScreenshot -Name test -Connection $conn -Path $file -Force -WhatIf | Should -BeNullOrEmpty
        Get-Content -LiteralPath $file | Should -Be 'keep me'
        (Save-DomainScreenshot -Name test -Connection $conn -Path $file -Force).Width | Should -BeGreaterThan 0
        (Read-PngFile $file -HeaderOnly).Chunks[0] | Should -Be 'IHDR'
    }

    It 'a missing domain is an error for that input only; the pipeline goes on' {
        $e = $null
        $out = 'no-such-domain', 'test' | ForEach-Object { [pscustomobject]@{ Name = $_ } } |
            Save-DomainScreenshot -Connection $conn -Path (Join-Path $dir 'pipe.png') -Force -ErrorVariable e -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $e.Count | Should -Be 1
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'a file in a directory that does not exist fails cleanly and leaves nothing' {
        $e = $null
        Save-DomainScreenshot -Name test -Connection $conn -Path (Join-Path $dir 'nodir/x.png') -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        Test-Path (Join-Path $dir 'nodir') | Should -BeFalse
    }
}

Describe 'Save-DomainScreenshot on a booted QEMU guest' -Tag 'Guest', 'Lifecycle' {
    BeforeAll {
        $support = Test-PrivateLibvirtdSupported -Detailed
        $daemon = $null
        $suffix = [System.IO.Path]::GetRandomFileName().Replace('.', '')
        $guest = "pslv-scr-$suffix"
        $plain = "pslv-scr-nogfx-$suffix"
        $PSDefaultParameterValues = @{ 'Invoke-Virsh:DefaultUri' = { $daemon.Uri } }
        if ($support.Supported) {
            $image = Get-TestGuestImage
            $daemon = Start-PrivateLibvirtd
            $dir = $daemon.Directory
            $graphics = "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>`n    <video><model type='vga'/></video>`n  </devices>"
            $xml = (New-TestGuestXml -Name $guest -Boot -Image $image) -replace '</devices>', $graphics
            Set-Content -LiteralPath "$dir/$guest.xml" -Value $xml
            Set-Content -LiteralPath "$dir/$plain.xml" -Value (New-TestGuestXml -Name $plain)
            foreach ($n in $guest, $plain) { Invoke-Virsh 'define', "$dir/$n.xml" | Out-Null; Invoke-Virsh 'start', $n | Out-Null }
            $conn = Connect-Hypervisor -Uri $daemon.Uri -Name 'pslv-scr'
            Wait-DomainGuestAgent -Name $guest -Connection $conn -Timeout 180 -ErrorAction Stop
        }
    }
    AfterAll {
        if ($conn) { Disconnect-Hypervisor -Connection $conn -Confirm:$false -ErrorAction SilentlyContinue }
        if ($daemon) { Stop-PrivateLibvirtd -Daemon $daemon }
    }
    BeforeEach {
        if (-not $support.Supported) { Set-ItResult -Skipped -Because $support.Reason }
    }

    It 'writes a valid PNG with the pixels virsh screenshot gets (QEMU sends PNG or PPM; PPM is converted)' {
        $file = Join-Path $dir 'screen.png'
        $r = Save-DomainScreenshot -Name $guest -Connection $conn -Path $file
        Invoke-Virsh 'screenshot', $guest, "$dir/virsh.img" | Out-Null
        Write-Host "    (libvirt sent the screenshot as $($r.SourceMimeType))"
        $r.SourceMimeType | Should -BeIn 'image/png', 'image/x-portable-pixmap'
        $png = Read-PngFile $file
        $png.BitDepth | Should -Be 8
        $png.Chunks[0] | Should -Be 'IHDR'
        $png.Chunks[-1] | Should -Be 'IEND'
        $virshImage = if ($r.SourceMimeType -eq 'image/png') { Read-PngFile "$dir/virsh.img" } else { Read-PpmFile "$dir/virsh.img" }
        "$($png.Width)x$($png.Height)" | Should -Be "$($virshImage.Width)x$($virshImage.Height)"
        "$($r.Width)x$($r.Height)" | Should -Be "$($png.Width)x$($png.Height)"
        $png.Width | Should -BeGreaterThan 300
        # the screen may change between the two shots (a blinking cursor): nearly all pixels are equal
        [PslvPngOracle]::SameFraction($png.Rgb, $virshImage.Rgb) | Should -BeGreaterThan 0.98
        Copy-Item $file (Join-Path ([IO.Path]::GetTempPath()) 'pslv-last-guest-screenshot.png') -Force
    }

    It 'converts a PPM QEMU writes (QMP screendump) into a PNG with exactly its pixels' {
        # QEMU 7.2 through libvirt 9 sends PNG; older ones send PPM. The conversion the module does for those is
        # checked on a PPM of this guest's screen written by QEMU itself.
        $ppmPath = "$dir/qemu.ppm"
        Invoke-Virsh 'qemu-monitor-command', $guest, "{`"execute`":`"screendump`",`"arguments`":{`"filename`":`"$ppmPath`"}}" | Out-Null
        Wait-Until -TimeoutSeconds 10 -What 'QEMU to write the PPM' -Condition { (Test-Path $ppmPath) -and (Get-Item $ppmPath).Length -gt 15 }
        $ppm = Read-PpmFile $ppmPath
        $converted = (Get-InternalType PSLibvirt.Core.DomainScreenApi)::ToPng('image/x-portable-pixmap', [IO.File]::ReadAllBytes($ppmPath))
        "$($converted.Item2)x$($converted.Item3)" | Should -Be "$($ppm.Width)x$($ppm.Height)"
        [IO.File]::WriteAllBytes("$dir/converted.png", $converted.Item1)
        $png = Read-PngFile "$dir/converted.png"
        $png.ColorType | Should -Be 2
        $png.Raw.Length | Should -Be ($png.Height * (1 + 3 * $png.Width))
        [PslvPngOracle]::SameFraction($png.Rgb, $ppm.Rgb) | Should -Be 1
    }

    It 'a domain without graphics gives libvirt''s error, and no file' {
        $e = $null
        $file = Join-Path $dir 'none.png'
        Save-DomainScreenshot -Name $plain -Connection $conn -Path $file -ErrorVariable e -ErrorAction SilentlyContinue
        $e.Count | Should -Be 1
        { Invoke-Virsh 'screenshot', $plain, "$dir/virsh-none.ppm" } | Should -Throw
        $e[0].Exception.Message | Should -Match 'graphics|video|screen'
        Test-Path $file | Should -BeFalse
        Get-ChildItem -LiteralPath $dir -Force -Filter '*.partial' | Should -BeNullOrEmpty
    }
}
