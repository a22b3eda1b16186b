using SportsData.Auth;

namespace SportsData.Tests.Unit;

public class AuthorizationResponseTests
{
    [Fact]
    public void Takes_a_bare_code()
    {
        Assert.Equal("71682f9544255285736fb6d2d8acb6cf", AuthorizationResponse.ExtractCode("  71682f9544255285736fb6d2d8acb6cf ", null));
    }

    [Fact]
    public void Takes_the_code_from_a_redirected_url()
    {
        Assert.Equal("abc", AuthorizationResponse.ExtractCode("http://www.random.redirect/products/list?product_id=332211&state=s1&code=abc", "s1"));
    }

    [Fact]
    public void Reports_an_authorization_error()
    {
        var error = Assert.Throws<SportsDataException>(() => AuthorizationResponse.ExtractCode("http://x/?error=invalid_scope&state=s", "s"));
        Assert.Equal("OAuth.AuthorizationDenied", error.ErrorId);
        Assert.Contains("invalid_scope", error.Message);
    }

    [Fact]
    public void Rejects_a_url_from_another_sign_in()
    {
        var error = Assert.Throws<SportsDataException>(() => AuthorizationResponse.ExtractCode("http://x/?code=abc&state=other", "mine"));
        Assert.Equal("OAuth.StateMismatch", error.ErrorId);
    }

    [Fact]
    public void Rejects_a_url_without_a_code()
    {
        var error = Assert.Throws<SportsDataException>(() => AuthorizationResponse.ExtractCode("http://x/?state=s&foo=1", "s"));
        Assert.Equal("AuthorizationCode", error.ParameterName);
    }
}
