@{
    RootModule             = 'SportsData.PowerShell.dll'
    # Loaded before the root module: isolates the engine's dependencies (see ModuleInitializer).
    NestedModules          = @('SportsData.Loader.dll')
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '4c7c2f0e-5b7a-4d52-9f0e-2a4f3a0b7d11'
    Author                 = 'SportsData contributors'
    CompanyName            = 'SportsData'
    Copyright              = '(c) SportsData contributors. MIT License.'
    Description            = 'Export training data from Polar Team Pro, Valor and AiKYNETIX with PowerShell pipelines: typed objects, streamed paging, rate limits and retries handled, an offline sandbox to try every cmdlet.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('SportsData.format.ps1xml')
    TypesToProcess         = @('SportsData.types.ps1xml')
    CmdletsToExport        = @(
        'Connect-PolarTeamPro'
        'Disconnect-PolarTeamPro'
        'Get-PolarTeam'
        'Get-PolarTeamPlayer'
        'Get-PolarSportProfile'
        'Get-PolarTeamSession'
        'Get-PolarPlayerSession'
        'Get-PolarSessionSummary'
        'Get-PolarPhaseSummary'
        'Get-PolarSample'
        'Export-PolarSample'
        'Get-PolarRRInterval'
        'Sync-PolarTeamPro'
        'Connect-Valor'
        'Disconnect-Valor'
        'Get-ValorAthlete'
        'Get-ValorSession'
        'Get-ValorSessionListing'
        'Get-ValorReport'
        'Get-ValorIKData'
        'Sync-Valor'
        'Connect-Aikynetix'
        'Disconnect-Aikynetix'
        'Get-ManagedSession'
        'Set-ManagedSession'
        'Remove-ManagedSession'
        'Get-ManagedSessionReport'
        'Get-ManagedSessionVideo'
        'Request-ManagedSessionVideo'
        'Sync-ManagedSession'
        'Publish-SportsDataset'
        'Sync-SportsData'
        'Get-SportsDataSyncHistory'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Polar', 'TeamPro', 'Valor', 'AiKYNETIX', 'Sports', 'SportsScience', 'Training', 'Export', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/sportsdata/SportsData'
            LicenseUri   = 'https://github.com/sportsdata/SportsData/blob/main/LICENSE'
            ReleaseNotes = 'First release: Polar Team Pro, Valor and AiKYNETIX cmdlets, offline sandbox, isolated dependencies. Full notes: https://github.com/sportsdata/SportsData/blob/main/CHANGELOG.md'
        }
    }
}
