using System.Net;
using SportsData.Connections;
using SportsData.Http;

namespace SportsData.Tests.Unit;

/// <summary>How a connection's proxy is chosen from its settings and the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).</summary>
public sealed class ProxyPlanTests
{
    private static readonly Uri Https = new("https://teampro.api.polar.com/v1/teams");
    private static readonly Uri Http = new("http://polar.test:8080/v1/teams");

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    [Fact]
    public void The_system_proxy_takes_HTTPS_PROXY_for_https_and_HTTP_PROXY_for_http_lower_case_first()
    {
        var plan = ProxyPlan.Resolve(ConnectionProxy.System, Environment(
            ("HTTPS_PROXY", "http://upper.example:3128"), ("https_proxy", "lower.example:3129"), ("HTTP_PROXY", "http://plain.example:8080/")));
        Assert.Equal(new Uri("http://lower.example:3129/"), plan.ProxyFor(Https));
        Assert.Equal(new Uri("http://plain.example:8080/"), plan.ProxyFor(Http));
    }

    [Fact]
    public void ALL_PROXY_serves_both_and_a_user_and_password_in_the_variable_become_the_credential_not_part_of_the_address()
    {
        var plan = ProxyPlan.Resolve(ConnectionProxy.System, Environment(("ALL_PROXY", "http://someone:S3cret%40x@proxy.example:3128")));
        Uri? proxy = plan.ProxyFor(Https);
        Assert.Equal(new Uri("http://proxy.example:3128/"), proxy);
        Assert.Equal(string.Empty, proxy!.UserInfo);
        Assert.Equal("S3cret@x", plan.Secret);
    }

    [Theory]
    [InlineData("polar.com", true)]
    [InlineData(".polar.com", true)]
    [InlineData("*.polar.com", true)]
    [InlineData("api.polar.com", true)]
    [InlineData("auth.polar.com", false)]
    [InlineData("teampro.api.polar.com:443", true)]
    [InlineData("teampro.api.polar.com:8443", false)]
    [InlineData("olar.com", false)]
    [InlineData("*", true)]
    [InlineData("localhost, 127.0.0.1", false)]
    public void NO_PROXY_matches_domains_subdomains_ports_and_star_as_curl_does(string noProxy, bool bypassed)
    {
        var plan = ProxyPlan.Resolve(ConnectionProxy.System, Environment(("HTTPS_PROXY", "http://proxy.example:3128"), ("NO_PROXY", noProxy)));
        Assert.Equal(bypassed, plan.ProxyFor(Https) == null);
    }

    [Fact]
    public void An_explicit_proxy_serves_every_scheme_NO_PROXY_still_applies_and_NoProxy_means_none()
    {
        var explicitProxy = ConnectionProxy.Create(new Uri("http://proxy.example:3128"), new NetworkCredential("u", "p4ssword"), false, false);
        var plan = ProxyPlan.Resolve(explicitProxy, Environment(("NO_PROXY", "polar.test")));
        Assert.Equal(new Uri("http://proxy.example:3128/"), plan.ProxyFor(Https));
        Assert.Null(plan.ProxyFor(Http));
        Assert.Equal("p4ssword", plan.Secret);
        Assert.Null(ProxyPlan.Resolve(ConnectionProxy.None, Environment(("HTTPS_PROXY", "http://proxy.example:3128"))).ProxyFor(Https));
    }

    [Fact]
    public void The_connection_shows_where_it_goes_but_never_the_proxy_credential()
    {
        var proxy = ConnectionProxy.Create(new Uri("http://proxy.example:3128/some/path"), new NetworkCredential("proxy-user", "p4ssword"), false, false);
        Assert.Equal("http://proxy.example:3128 with -ProxyCredential", proxy.ToString());
        Assert.True(proxy.HasCredential);
        Assert.DoesNotContain(typeof(ConnectionProxy).GetProperties(), p => p.PropertyType == typeof(NetworkCredential) && p.GetMethod!.IsPublic);
        Assert.Equal("system proxy", ConnectionProxy.System.ToString());
    }
}
