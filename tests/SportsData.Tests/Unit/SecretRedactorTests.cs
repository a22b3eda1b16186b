using SportsData.Http;

namespace SportsData.Tests.Unit;

public class SecretRedactorTests
{
    [Fact]
    public void Masks_secret_query_values_but_keeps_the_rest()
    {
        var uri = new Uri("https://cdn.example/video.mp4?X-Amz-Signature=abc123&X-Amz-Expires=300&code=xyz&id=7");
        string text = SecretRedactor.RedactUri(uri);
        Assert.DoesNotContain("abc123", text);
        Assert.DoesNotContain("xyz", text);
        Assert.Contains("X-Amz-Expires=300", text);
        Assert.Contains("id=7", text);
    }

    [Fact]
    public void Keeps_ids_that_merely_end_in_key_but_masks_api_keys()
    {
        string text = SecretRedactor.RedactUri(new Uri("https://api.example/reportData?s3Key=athlete/abc.json&api_key=k123&key=k456"));
        Assert.Contains("s3Key=athlete/abc.json", text);
        Assert.DoesNotContain("k123", text);
        Assert.DoesNotContain("k456", text);
    }

    [Fact]
    public void Masks_bearer_api_key_and_jwt_text()
    {
        string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl";
        string text = SecretRedactor.RedactText($"Authorization: Bearer tok123456 and API-KEY k-98765 and {jwt}");
        Assert.DoesNotContain("tok123456", text);
        Assert.DoesNotContain("k-98765", text);
        Assert.DoesNotContain(jwt, text);
    }

    [Fact]
    public void Masks_known_secret_values_anywhere()
    {
        Assert.Equal("token *** leaked", SecretRedactor.RedactKnown("token s3cr3t-value leaked", "s3cr3t-value"));
    }
}
