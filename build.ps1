<#
.SYNOPSIS
    Builds, tests and packages the SportsData module.
.DESCRIPTION
    Build   : compiles the solution (Release) and assembles the importable module folder out/SportsData.
    Help    : Build, then turns docs/help (PlatyPS markdown) into MAML help in the module folder, when PlatyPS is installed.
    Test    : Build, then runs the xunit suites (dotnet test) and the Pester suite in tests/Pester.
    Package : Build and Help, then writes out/SportsData.<version>.nupkg that Publish-Module / the Gallery accept.
    Clean   : removes out/ and the build outputs.
.EXAMPLE
    ./build.ps1
    Import-Module ./out/SportsData
.EXAMPLE
    ./build.ps1 -Task Test
#>
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', 'Configuration', Justification = 'Used by the task functions below.')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', 'Version', Justification = 'Used by the task functions below.')]
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Help', 'Test', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Stamped into the manifest and the assemblies; defaults to the manifest's ModuleVersion.
    [version] $Version
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$outRoot = Join-Path $root 'out'
$moduleDir = Join-Path $outRoot 'SportsData'
$manifestSource = Join-Path $root 'SportsData.psd1'

function Get-ModuleVersion {
    if ($Version) { return $Version }
    $data = Import-PowerShellDataFile -Path $manifestSource
    return [version]$data.ModuleVersion
}

function Invoke-Dotnet {
    param([Parameter(Mandatory)][string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    $moduleVersion = Get-ModuleVersion
    Invoke-Dotnet -Arguments @('build', (Join-Path $root 'SportsData.sln'), '-c', $Configuration, "-p:Version=$moduleVersion", '--nologo')
    Invoke-Dotnet -Arguments @('publish', (Join-Path $root 'src/SportsData.PowerShell/SportsData.PowerShell.csproj'), '-c', $Configuration,
        "-p:Version=$moduleVersion", '-o', (Join-Path $outRoot 'publish'), '--nologo')

    if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $moduleDir
    # Only the cmdlets and the types they expose load in PowerShell's own context; the engine and its dependencies
    # go to a subfolder that ModuleInitializer isolates (AssemblyLoadContext on 7, resolve handler on 5.1), one build
    # per runtime: dependencies/net8.0 (PowerShell 7.4+, with Parquet) and dependencies/netstandard2.0 (Windows
    # PowerShell 5.1, PowerShell 7.2/7.3). The loader picks one at import.
    $published = Join-Path $outRoot 'publish'
    $publishedNet8 = Join-Path $outRoot 'publish-net8.0'
    Invoke-Dotnet -Arguments @('publish', (Join-Path $root 'src/SportsData.Core/SportsData.Core.csproj'), '-c', $Configuration, '-f', 'net8.0',
        "-p:Version=$moduleVersion", '-o', $publishedNet8, '--nologo')
    $dependencies = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'dependencies')
    $standard = New-Item -ItemType Directory -Path (Join-Path $dependencies.FullName 'netstandard2.0')
    $net8 = New-Item -ItemType Directory -Path (Join-Path $dependencies.FullName 'net8.0')
    $sharedAssemblies = 'SportsData.PowerShell.dll', 'SportsData.Models.dll', 'SportsData.Loader.dll'
    foreach ($assembly in Get-ChildItem -Path $published -Filter '*.dll') {
        $destination = if ($sharedAssemblies -contains $assembly.Name) { $moduleDir } else { $standard.FullName }
        Copy-Item -Path $assembly.FullName -Destination $destination
    }
    foreach ($assembly in Get-ChildItem -Path $publishedNet8 -Filter '*.dll') {
        if ($sharedAssemblies -notcontains $assembly.Name) { Copy-Item -Path $assembly.FullName -Destination $net8.FullName }
    }
    # The simulator is netstandard2.0 only; the net8.0 engine uses it as is.
    Copy-Item -Path (Join-Path $published 'SportsData.Sandbox.dll') -Destination $net8.FullName
    foreach ($extra in 'SportsData.format.ps1xml', 'SportsData.types.ps1xml', 'LICENSE') {
        $path = Join-Path $root $extra
        if (Test-Path $path) { Copy-Item $path -Destination $moduleDir }
    }
    $aboutDir = Join-Path $root 'docs/about'
    if (Test-Path $aboutDir) {
        $null = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force
        Get-ChildItem $aboutDir -Filter 'about_*.help.txt' | Copy-Item -Destination (Join-Path $moduleDir 'en-US')
    }
    $shippedHelp = Join-Path $root 'docs/maml/en-US'
    if (Test-Path $shippedHelp) {
        $null = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force
        Get-ChildItem $shippedHelp -Filter '*.xml' | Copy-Item -Destination (Join-Path $moduleDir 'en-US')
    }

    $manifestText = Get-Content -Path $manifestSource -Raw
    $manifestText = $manifestText -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion          = '$moduleVersion'"
    Set-Content -Path (Join-Path $moduleDir 'SportsData.psd1') -Value $manifestText -Encoding utf8
    Write-Information -InformationAction Continue -MessageData "Module $moduleVersion assembled in $moduleDir"
}

function Invoke-Help {
    if (-not (Get-Module -ListAvailable -Name platyPS)) {
        Write-Warning 'PlatyPS is not installed: the MAML help already committed in docs/maml ships instead. Install-Module platyPS to regenerate it.'
        return
    }
    Import-Module platyPS
    $maml = Join-Path $root 'docs/maml/en-US'
    $null = New-ExternalHelp -Path (Join-Path $root 'docs/help') -OutputPath $maml -Force
    Copy-Item (Join-Path $maml '*.xml') -Destination (New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force)
    Write-Information -InformationAction Continue -MessageData "MAML help written to $maml and the module folder."
}

function Invoke-Test {
    Invoke-Dotnet -Arguments @('test', (Join-Path $root 'SportsData.sln'), '-c', $Configuration, '--nologo')
    if (-not (Get-Module -ListAvailable -Name Pester | Where-Object Version -ge '5.0.0')) {
        throw 'Pester 5 is not installed: Install-Module Pester -MinimumVersion 5.0 to run tests/Pester.'
    }
    Import-Module Pester -MinimumVersion 5.0
    $env:SPORTSDATA_MODULE_PATH = $moduleDir
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
}

function Invoke-Package {
    # A NuGet package as the PowerShell Gallery expects it: the module folder at the package root and a nuspec
    # whose metadata comes from the manifest (tags include PSModule and one PSCmdlet_/PSCommand_ per cmdlet).
    $moduleVersion = Get-ModuleVersion
    $manifest = Import-PowerShellDataFile -Path (Join-Path $moduleDir 'SportsData.psd1')
    $psData = $manifest.PrivateData.PSData
    $tags = @('PSModule', 'PSIncludes_Cmdlet') + $psData.Tags
    $tags += $manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" }
    $staging = Join-Path $outRoot 'package'
    if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $staging
    $escape = { param($text) [System.Security.SecurityElement]::Escape([string]$text) }
    $nuspec = @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>SportsData</id>
    <version>$moduleVersion</version>
    <authors>$(& $escape $manifest.Author)</authors>
    <owners>$(& $escape $manifest.CompanyName)</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <licenseUrl>$(& $escape $psData.LicenseUri)</licenseUrl>
    <projectUrl>$(& $escape $psData.ProjectUri)</projectUrl>
    <description>$(& $escape $manifest.Description)</description>
    <releaseNotes>$(& $escape $psData.ReleaseNotes)</releaseNotes>
    <copyright>$(& $escape $manifest.Copyright)</copyright>
    <tags>$(& $escape ($tags -join ' '))</tags>
  </metadata>
  <files>
    <file src="$(& $escape $moduleDir)/**" target="" />
  </files>
</package>
"@
    $nuspecPath = Join-Path $staging 'SportsData.nuspec'
    Set-Content -Path $nuspecPath -Value $nuspec -Encoding utf8
    $projectPath = Join-Path $staging 'SportsData.Package.csproj'
    Set-Content -Path $projectPath -Encoding utf8 -Value @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <NuspecFile>$(& $escape $nuspecPath)</NuspecFile>
    <NoBuild>true</NoBuild>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <NoWarn>NU5100;NU5110;NU5111;NU5125</NoWarn>
  </PropertyGroup>
</Project>
"@
    Invoke-Dotnet -Arguments @('restore', $projectPath, '--nologo')
    Invoke-Dotnet -Arguments @('pack', $projectPath, '-o', $outRoot, '--nologo')
    $package = Join-Path $outRoot "SportsData.$moduleVersion.nupkg"
    if (-not (Test-Path $package)) { throw "Packing did not produce $package." }
    Write-Information -InformationAction Continue -MessageData "Package written: $package (Publish-Module -Path $moduleDir, or push this file to the Gallery)"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Help' { Invoke-Build; Invoke-Help }
    'Test' { Invoke-Build; Invoke-Test }
    'Package' { Invoke-Build; Invoke-Help; Invoke-Package }
    'Clean' {
        if (Test-Path $outRoot) { Remove-Item $outRoot -Recurse -Force }
        Invoke-Dotnet -Arguments @('clean', (Join-Path $root 'SportsData.sln'), '--nologo')
    }
}
