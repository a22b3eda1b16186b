#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Publish-SportsDataset's result as users see it at the console (the engine is tested against PostgreSQL in tests/SportsData.Tests/Database).

BeforeAll {
    $modulePath = if ($env:SPORTSDATA_MODULE_PATH) { $env:SPORTSDATA_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/SportsData' }
    Import-Module (Resolve-Path (Join-Path $modulePath 'SportsData.psd1')).Path -Force
}

AfterAll {
    Remove-Module SportsData -ErrorAction SilentlyContinue
}

Describe 'PublishResult format view' {
    It 'shows one row per dataset: vendor, schema, counts, duration and database' {
        $result = [SportsData.Sync.PublishResult]@{
            Vendor = 'Polar'; Schema = 'polar'; Path = '/data/sports/polar'; Database = 'db.example.org:5432/sports'
            TablesLoaded = 8; FilesLoaded = 14; FilesRemoved = 1; Unchanged = 3; Failed = 0; Rows = 12345
            StartTime = [datetime]'2026-01-01T10:00:00'; EndTime = [datetime]'2026-01-01T10:00:42'
        }
        (Get-FormatData -TypeName SportsData.Sync.PublishResult).FormatViewDefinition.Control | Should -BeOfType System.Management.Automation.TableControl
        $lines = ($result | Out-String -Width 250) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] -split '\s+' | Where-Object { $_ } | Should -Be @('Vendor', 'Schema', 'TablesLoaded', 'FilesLoaded', 'FilesRemoved', 'Unchanged', 'Failed', 'Rows', 'Duration', 'Database')
        $lines[2] -split '\s+' | Where-Object { $_ } | Should -Be @('Polar', 'polar', '8', '14', '1', '3', '0', '12345', '00:00:42', 'db.example.org:5432/sports')
    }
}
