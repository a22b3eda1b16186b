#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Sync-Valor, Sync-ManagedSession and Sync-SportsData as users run them: binding, -WhatIf, reruns that do nothing,
# and the README's nightly script with its exit code. Runs that are compared with each other go in a fresh pwsh:
# the interactive sandbox lets sessions arrive by the clock (one every two minutes after it starts), and a fresh
# process has none during a short test.

BeforeAll {
    $modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    $script:manifest = (Resolve-Path (Join-Path $modulePath 'SportsData.psd1')).Path
    Import-Module $manifest -Force
    Connect-Valor -Sandbox
    Connect-Aikynetix -Sandbox
    . (Join-Path $PSScriptRoot 'ChildPowerShell.ps1')
    . (Join-Path $PSScriptRoot 'SyncWhatIf.ps1')

    # Runs a script in a fresh pwsh with the module imported and Get-DatasetHash defined; returns its last output line as an object (JSON).
    function Invoke-Child([string] $Script) {
        $prelude = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
function Get-DatasetHash([string] `$Folder) {
    Get-ChildItem -Path `$Folder -Recurse -File |
        Where-Object { `$_.FullName -notmatch '[\\/]\.sportsdata[\\/]' } |
        Sort-Object FullName |
        ForEach-Object { '{0} {1} {2}' -f `$_.FullName.Substring(`$Folder.Length), (Get-FileHash `$_.FullName -Algorithm SHA256).Hash, `$_.LastWriteTimeUtc.Ticks }
}
"@
        $output = Invoke-ChildPowerShell -NoProfile -NonInteractive -Command ($prelude + "`n" + $Script) 2>&1
        if ($LASTEXITCODE -ne 0) { throw "child pwsh failed: $($output | Out-String)" }
        @($output)[-1] | ConvertFrom-Json
    }
}

AfterAll {
    Remove-Module SportsData -ErrorAction SilentlyContinue
}

Describe 'Sync-Valor' {
    It 'is exported with its parameters and output type' {
        $command = Get-Command Sync-Valor
        foreach ($name in 'Path', 'IncludeIKData', 'AthleteId', 'Format', 'Connection', 'WhatIf', 'Confirm') {
            $command.Parameters.Keys | Should -Contain $name
        }
        $command.OutputType.Name | Should -Contain 'SportsData.Sync.ValorSyncResult'
    }

    It 'takes athletes from the pipeline, writes IK files, and a second run rewrites nothing' {
        $folder = Join-Path $TestDrive 'valor'
        $r = Invoke-Child @"
Connect-Valor -Sandbox
`$athlete = Get-ValorAthlete -First 1
`$first = `$athlete | Sync-Valor -Path '$folder' -IncludeIKData
`$hashes = Get-DatasetHash '$folder'
`$second = `$athlete | Sync-Valor -Path '$folder' -IncludeIKData
[pscustomobject]@{
    New = `$first.New; Failed = `$first.Failed
    IKFiles = @(Get-ChildItem (Join-Path '$folder' "ik/`$(`$athlete.AthleteId)") -Filter *.csv).Count
    Rows = @(Import-Csv (Join-Path '$folder' 'sessions.csv')).Count
    SecondNew = `$second.New; SecondUnchanged = `$second.Unchanged; SecondFiles = `$second.Files
    Same = ((Get-DatasetHash '$folder') -join '|') -eq (`$hashes -join '|')
} | ConvertTo-Json -Compress
"@
        $r.New | Should -BeGreaterThan 0
        $r.Failed | Should -Be 0
        $r.IKFiles | Should -Be $r.New
        $r.Rows | Should -Be $r.New
        $r.SecondNew | Should -Be 0
        $r.SecondUnchanged | Should -Be $r.New
        $r.SecondFiles | Should -Be 0
        $r.Same | Should -BeTrue
    }

    It 'prints what it would fetch under -WhatIf and writes nothing' {
        $folder = Join-Path $TestDrive 'valor-whatif'
        $script = "Import-Module '$manifest'; Connect-Valor -Sandbox; `$a = Get-ValorAthlete -First 1; `$r = `$a | Sync-Valor -Path '$folder' -WhatIf; 'NEW=' + `$r.New"
        Assert-WhatIfSyncWritesNothing -Command $script -Path $folder -WhatIfLike 'What if:*on target "Valor session *'
    }

    It 'refuses a -Path that is a file with an error naming -Path' {
        $file = Join-Path $TestDrive 'a-file.txt'
        Set-Content -Path $file -Value 'keep'
        { Sync-Valor -Path $file -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter.Path,SportsData.PowerShell.Valor.SyncValor'
        Get-Content $file | Should -Be 'keep'
    }
}

Describe 'Sync-ManagedSession' {
    It 'updates a changed session in place and rewrites nothing else' {
        $folder = Join-Path $TestDrive 'aikynetix'
        $r = Invoke-Child @"
Connect-Aikynetix -Sandbox
`$first = Sync-ManagedSession -Path '$folder'
`$rows = @(Import-Csv (Join-Path '$folder' 'sessions.csv'))
`$session = Get-ManagedSession -Activity Running -First 1
`$session | Set-ManagedSession -Title 'renamed by Pester'
`$second = Sync-ManagedSession -Path '$folder'
`$after = @(Import-Csv (Join-Path '$folder' 'sessions.csv'))
[pscustomobject]@{
    New = `$first.New; Rows = `$rows.Count; HasMetrics = `$rows[0].PSObject.Properties.Name -contains 'metrics.cadence_spm'
    Changed = `$second.Changed; SecondNew = `$second.New; RowsAfter = `$after.Count
    Title = (`$after | Where-Object session_id -eq `$session.SessionId).title
} | ConvertTo-Json -Compress
"@
        $r.New | Should -BeGreaterThan 0
        $r.Rows | Should -Be $r.New
        $r.HasMetrics | Should -BeTrue
        $r.Changed | Should -Be 1
        $r.SecondNew | Should -Be 0
        $r.RowsAfter | Should -Be $r.Rows
        $r.Title | Should -Be 'renamed by Pester'
    }
}

Describe 'Sync-SportsData and the nightly script' {
    It 'syncs each connected vendor into its folder, and again finds nothing new' {
        $root = Join-Path $TestDrive 'all'
        $r = Invoke-Child @"
`$valor = Connect-Valor -Sandbox -PassThru
`$aik = Connect-Aikynetix -Sandbox -PassThru
`$results = Sync-SportsData -Path '$root' -Connection `$valor, `$aik
`$again = Sync-SportsData -Path '$root' -Connection `$valor, `$aik
[pscustomobject]@{
    Vendors = (`$results.Vendor -join ',')
    Valor = Test-Path (Join-Path '$root' 'valor/sessions.csv'); Aikynetix = Test-Path (Join-Path '$root' 'aikynetix/sessions.csv')
    AgainNew = (`$again | Measure-Object New -Sum).Sum
} | ConvertTo-Json -Compress
"@
        $r.Vendors | Should -Be 'Valor,Aikynetix'
        $r.Valor | Should -BeTrue
        $r.Aikynetix | Should -BeTrue
        $r.AgainNew | Should -Be 0
    }

    It 'exits 0 when everything synced and 1 when a vendor failed, the other still synced' {
        $root = Join-Path $TestDrive 'nightly'
        # The README's nightly script, connected to the sandbox instead of stored credentials.
        $script = @"
`$ErrorActionPreference = 'Stop'
try {
    Import-Module '$manifest'
    Connect-Valor -Sandbox
    Connect-Aikynetix -Sandbox
} catch {
    Write-Error "Could not connect: `$_"
    exit 2
}
`$results = Sync-SportsData -Path '$root' -ErrorVariable syncErrors -ErrorAction Continue
`$results | Format-Table Vendor, New, Changed, Unchanged, Deleted, Failed -AutoSize | Out-String | Write-Output
exit ([int](`$syncErrors.Count -gt 0))
"@
        $file = Join-Path $TestDrive 'nightly.ps1'
        Set-Content -Path $file -Value $script
        $null = Invoke-ChildPowerShell -NoProfile -NonInteractive -File $file
        $LASTEXITCODE | Should -Be 0

        Remove-Item (Join-Path $root 'aikynetix') -Recurse -Force
        Set-Content -Path (Join-Path $root 'aikynetix') -Value 'a file where the folder should be'
        $output = Invoke-ChildPowerShell -NoProfile -NonInteractive -File $file 2>&1
        $LASTEXITCODE | Should -Be 1
        ($output | Out-String) | Should -Match 'Valor'
    }

    It 'answers "did last night work?" with the README recipe: the newest run of each vendor folder' {
        $root = Join-Path $TestDrive 'history'
        $r = Invoke-Child @"
Connect-Valor -Sandbox
Connect-Aikynetix -Sandbox
`$null = Sync-SportsData -Path '$root'
`$null = Sync-SportsData -Path '$root' -Connection (Connect-Aikynetix -Sandbox -PassThru)
`$newest = Get-SportsDataSyncHistory -Path '$root' | Group-Object Path | ForEach-Object { `$_.Group[0] }
`$table = Get-SportsDataSyncHistory -Path '$root' | Format-Table | Out-String -Width 200
[pscustomobject]@{
    All = @(Get-SportsDataSyncHistory -Path '$root').Count
    Vendors = ((`$newest | Sort-Object Vendor).Vendor -join ',')
    Outcomes = ((`$newest.Outcome | Sort-Object -Unique) -join ',')
    AikynetixNew = (`$newest | Where-Object Vendor -eq Aikynetix).New
    Last = (Get-SportsDataSyncHistory -Path '$root' -Last 1).Vendor
    TableHasOutcome = `$table -match 'Completed'
} | ConvertTo-Json -Compress
"@
        $r.All | Should -Be 3
        $r.Vendors | Should -Be 'Aikynetix,Valor'
        $r.Outcomes | Should -Be 'Completed'
        $r.AikynetixNew | Should -Be 0
        $r.Last | Should -Be 'Aikynetix'
        $r.TableHasOutcome | Should -BeTrue
    }
}
