using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/SportsData.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(SportsData.Benchmarks.SampleBenchmarks).Assembly).Run(args);
