using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SportsData.Tests.Infrastructure;

/// <summary>
/// A self-signed server certificate for test host names (polar.test, ...) that this user's .NET trusts while the test
/// runs, so HTTPS is tested with the product's ordinary certificate validation (no bypass anywhere). The certificate
/// goes into the user's own root store (on Linux ~/.dotnet/corefx/cryptography/x509stores/root, which .NET's chain
/// building reads) and out again on dispose; its private key only ever lives in this process, so even a copy left
/// behind by a killed test run cannot vouch for anything. Linux only: on Windows that store asks the user with a
/// dialog, and macOS keeps trust in the keychain.
/// </summary>
public sealed class TrustedTestCertificate : IDisposable
{
    private readonly X509Certificate2 _public;

    private TrustedTestCertificate(IEnumerable<string> hostNames)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=SportsData test server " + Guid.NewGuid().ToString("N"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (string host in hostNames) names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(2));
        Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        _public = X509CertificateLoader.LoadCertificate(created.Export(X509ContentType.Cert));
        using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(_public);
    }

    /// <summary>Whether this system lets a test trust a certificate without asking anyone.</summary>
    public static bool Supported => OperatingSystem.IsLinux();

    /// <summary>Creates the certificate for <paramref name="hostNames"/> and trusts it for this user until disposed.</summary>
    public static TrustedTestCertificate Create(params string[] hostNames) => new(hostNames);

    /// <summary>The certificate with its private key, for the test server.</summary>
    public X509Certificate2 Certificate { get; }

    public void Dispose()
    {
        using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Remove(_public);
        }
        _public.Dispose();
        Certificate.Dispose();
    }
}
