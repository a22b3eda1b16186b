namespace ConflictingDependencies
{
    /// <summary>Touches the older libraries so they are really loaded.</summary>
    public static class OtherModule
    {
        public static string Versions() =>
            typeof(Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions).Assembly.GetName().Version + ";" +
            typeof(System.Text.Json.JsonSerializer).Assembly.GetName().Version;
    }
}
