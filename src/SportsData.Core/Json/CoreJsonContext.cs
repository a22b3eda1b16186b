using System.Text.Json.Serialization;
using SportsData.Auth;

namespace SportsData.Json
{
    /// <summary>Source-generated serializers for the fixed wire shapes (token responses, paging, envelopes).</summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
    [JsonSerializable(typeof(OAuthTokenResponse))]
    [JsonSerializable(typeof(OAuthError))]
    [JsonSerializable(typeof(PageInfo))]
    [JsonSerializable(typeof(TokenCacheEntry))]
    internal partial class CoreJsonContext : JsonSerializerContext
    {
    }

    /// <summary>Polar's "page" object.</summary>
    internal sealed class PageInfo
    {
        [JsonPropertyName("per_page")] public int? PerPage { get; set; }
        [JsonPropertyName("total_elements")] public long? TotalElements { get; set; }
        [JsonPropertyName("page_number")] public int? PageNumber { get; set; }
        [JsonPropertyName("total_pages")] public int? TotalPages { get; set; }
    }
}
