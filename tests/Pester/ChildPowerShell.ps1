# Dot-sourced by every Pester test that starts a child PowerShell: the child is the same PowerShell that runs the
# test, whether that is a normal install (its pwsh or powershell.exe) or the .NET tool PowerShell, whose process is
# the dotnet host running pwsh.dll (so `(Get-Process -Id $PID).Path` alone would start `dotnet -NoProfile ...`).

function Get-ChildPowerShell {
    <#
    .SYNOPSIS
        How to start the PowerShell that runs this session: FilePath and the ArgumentList that goes before its own arguments.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        # The running process's executable; for the .NET tool it is dotnet.
        [string] $ProcessPath = (Get-Process -Id $PID).Path,

        # The folder of the running PowerShell ($PSHOME); for the .NET tool it holds pwsh.dll.
        [string] $PowerShellHome = $PSHOME
    )
    $name = ($ProcessPath -split '[\\/]')[-1] -replace '\.exe$', ''   # either separator: the tests also pass Windows paths
    if ($name -eq 'pwsh' -or $name -eq 'powershell') {
        return [pscustomobject]@{ FilePath = $ProcessPath; ArgumentList = [string[]]@() }
    }
    $dll = Join-Path $PowerShellHome 'pwsh.dll'
    if ($name -eq 'dotnet' -and (Test-Path -LiteralPath $dll -PathType Leaf)) {
        return [pscustomobject]@{ FilePath = $ProcessPath; ArgumentList = [string[]]@($dll) }
    }
    # Another host (an editor's, a test host): the PowerShell installed beside the engine it loaded.
    foreach ($candidate in 'pwsh.exe', 'pwsh', 'powershell.exe') {
        $path = Join-Path $PowerShellHome $candidate
        if (Test-Path -LiteralPath $path -PathType Leaf) { return [pscustomobject]@{ FilePath = $path; ArgumentList = [string[]]@() } }
    }
    throw "Cannot tell how to start this PowerShell again: process '$ProcessPath', PSHOME '$PowerShellHome' (no pwsh.dll, pwsh or powershell.exe there)."
}

function Invoke-ChildPowerShell {
    # Runs the same PowerShell as this session with the given arguments (-NoProfile -NonInteractive -Command/-File ...).
    # Its output comes back as this function's output (stderr too with 2>&1) and $LASTEXITCODE is its exit code.
    $pwsh = Get-ChildPowerShell
    & $pwsh.FilePath @($pwsh.ArgumentList) @args
}
