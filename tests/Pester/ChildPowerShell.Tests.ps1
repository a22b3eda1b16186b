#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5' }
# The helper every test that starts a child PowerShell uses (ChildPowerShell.ps1): the child is the same PowerShell
# as its parent, for a normal install (an executable named pwsh) and for the .NET tool (dotnet running pwsh.dll).

BeforeAll {
    . (Join-Path $PSScriptRoot 'ChildPowerShell.ps1')
    $script:helper = Join-Path $PSScriptRoot 'ChildPowerShell.ps1'

    # A script run in a child: what the helper says there, and what a grandchild started by the helper is.
    $script:probe = Join-Path $TestDrive 'probe.ps1'
    Set-Content -Path $probe -Value @'
param([string] $Helper)
. $Helper
$command = Get-ChildPowerShell
$grandchild = @(Invoke-ChildPowerShell -NoProfile -NonInteractive -Command '(Get-Process -Id $PID).Path; $PSHOME; $PSVersionTable.PSVersion.ToString()')
[pscustomobject]@{
    Process = (Get-Process -Id $PID).Path
    Home = $PSHOME
    FilePath = $command.FilePath
    ArgumentList = @($command.ArgumentList)
    GrandchildProcess = $grandchild[0]
    GrandchildHome = $grandchild[1]
    GrandchildVersion = $grandchild[2]
} | ConvertTo-Json -Compress
'@

    function Invoke-Probe([string] $FilePath, [string[]] $Prefix) {
        $output = & $FilePath @Prefix -NoProfile -NonInteractive -File $probe -Helper $helper 2>&1
        if ($LASTEXITCODE -ne 0) { throw "probe failed ($LASTEXITCODE): $($output | Out-String)" }
        @($output)[-1] | ConvertFrom-Json
    }

    $script:dotnet = if ([IO.Path]::GetFileNameWithoutExtension((Get-Process -Id $PID).Path) -eq 'dotnet') { (Get-Process -Id $PID).Path } else { (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source }
    $script:apphost = @('pwsh.exe', 'pwsh') | ForEach-Object { Join-Path $PSHOME $_ } | Where-Object { Test-Path $_ -PathType Leaf } | Select-Object -First 1
}

Describe 'Get-ChildPowerShell' {
    It 'starts a normal install by its own executable' {
        foreach ($path in '/opt/microsoft/powershell/7/pwsh', 'C:\Program Files\PowerShell\7\pwsh.exe', 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe') {
            $command = Get-ChildPowerShell -ProcessPath $path -PowerShellHome $TestDrive
            $command.FilePath | Should -Be $path
            $command.ArgumentList.Count | Should -Be 0
        }
    }

    It 'starts the .NET tool as dotnet with the pwsh.dll of this PowerShell' {
        $toolHome = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'tool/any/unix') -Force
        $dll = New-Item -ItemType File -Path (Join-Path $toolHome 'pwsh.dll') -Force
        $command = Get-ChildPowerShell -ProcessPath '/usr/share/dotnet/dotnet' -PowerShellHome $toolHome.FullName
        $command.FilePath | Should -Be '/usr/share/dotnet/dotnet'
        $command.ArgumentList | Should -Be @($dll.FullName)
    }

    It 'refuses a host it cannot start again instead of guessing' {
        { Get-ChildPowerShell -ProcessPath '/usr/share/dotnet/dotnet' -PowerShellHome (Join-Path $TestDrive 'empty') } | Should -Throw '*Cannot tell how to start*'
    }
}

Describe 'Invoke-ChildPowerShell' {
    It 'starts the PowerShell that runs these tests (same process executable, PSHOME and version)' {
        $child = @(Invoke-ChildPowerShell -NoProfile -NonInteractive -Command '(Get-Process -Id $PID).Path; $PSHOME; $PSVersionTable.PSVersion.ToString(); exit 7')
        $LASTEXITCODE | Should -Be 7
        $child[0] | Should -Be (Get-Process -Id $PID).Path
        $child[1] | Should -Be $PSHOME
        $child[2] | Should -Be $PSVersionTable.PSVersion.ToString()
    }

    It 'from a normal install (an executable named pwsh), starts that executable again' {
        $apphost | Should -Not -BeNullOrEmpty -Because "PSHOME ($PSHOME) holds the pwsh executable of this PowerShell"
        $r = Invoke-Probe $apphost @()
        $r.Process | Should -Be $apphost
        $r.FilePath | Should -Be $apphost
        @($r.ArgumentList).Count | Should -Be 0
        $r.GrandchildProcess | Should -Be $apphost
        $r.GrandchildHome | Should -Be $PSHOME
        $r.GrandchildVersion | Should -Be $PSVersionTable.PSVersion.ToString()
    }

    It 'from the .NET tool (dotnet running pwsh.dll), starts dotnet with that pwsh.dll again' {
        $dll = Join-Path $PSHOME 'pwsh.dll'
        $dll | Should -Exist
        $r = Invoke-Probe $dotnet @($dll)
        [IO.Path]::GetFileNameWithoutExtension($r.Process) | Should -Be 'dotnet'
        $r.FilePath | Should -Be $r.Process
        @($r.ArgumentList) | Should -Be @($dll)
        [IO.Path]::GetFileNameWithoutExtension($r.GrandchildProcess) | Should -Be 'dotnet'
        $r.GrandchildHome | Should -Be $PSHOME
        $r.GrandchildVersion | Should -Be $PSVersionTable.PSVersion.ToString()
    }
}
