# Dot-sourced by the Pester tests of the Sync-* cmdlets (after ChildPowerShell.ps1): the -WhatIf check they share.

function Assert-WhatIfSyncWritesNothing {
    <#
    .SYNOPSIS
        Runs a -WhatIf sync in a child PowerShell: it must succeed, say what it would fetch, and write nothing.
    .DESCRIPTION
        The command ends by writing 'NEW=' and the result's New count. Checks: the child's exit code is 0; it printed
        at least one "What if" line like -WhatIfLike, and one for every item it counted as new; -Path does not exist.
    #>
    param(
        [Parameter(Mandatory)] [string] $Command,
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $WhatIfLike
    )
    $output = Invoke-ChildPowerShell -NoProfile -NonInteractive -Command $Command
    $LASTEXITCODE | Should -Be 0
    $whatIf = @($output | Where-Object { $_ -like $WhatIfLike })
    $whatIf.Count | Should -BeGreaterThan 0
    ($output | Where-Object { $_ -like 'NEW=*' }) | Should -Be ('NEW=' + $whatIf.Count)
    Test-Path $Path | Should -BeFalse
}
