# Runs the ops program on Windows; rebuilt only when a source or project file changed since the last build.
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$out = Join-Path $root '.build/bin'
$stamp = Join-Path $root '.build/built'
$program = Join-Path $out 'Build.exe'

function Test-Stale {
    if (-not (Test-Path $program) -or -not (Test-Path $stamp)) { return $true }
    $built = (Get-Item $stamp).LastWriteTimeUtc
    $inputs = @('build', 'tasks') | ForEach-Object { Get-ChildItem (Join-Path $root $_) -Recurse } |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)([\\/]|$)' }
    $inputs += @('global.json', 'Directory.Build.props', 'Directory.Build.targets') | ForEach-Object { Get-Item (Join-Path $root $_) }
    return [bool]($inputs | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
}

if (Test-Stale) {
    New-Item -ItemType Directory -Force $out | Out-Null
    $started = Get-Date
    dotnet build (Join-Path $root 'build/Build.csproj') --configuration Release --output $out --nologo --verbosity quiet -consoleLoggerParameters:ErrorsOnly
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    New-Item -ItemType File -Force $stamp | Out-Null
    (Get-Item $stamp).LastWriteTime = $started
}

& $program @args
exit $LASTEXITCODE
