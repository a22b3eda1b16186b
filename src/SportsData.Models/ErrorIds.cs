using System;
using System.Net;

namespace SportsData
{
    /// <summary>
    /// Every ErrorId the module reports (the FullyQualifiedErrorId of its ErrorRecords), in one place so scripts can
    /// rely on them and no two places spell one differently. Vendor-wide ids are built from the vendor name
    /// (Polar, Valor, Aikynetix; Cognito for Valor's sign-in endpoint).
    /// </summary>
    public static class ErrorIds
    {
        /// <summary>"InvalidParameter.&lt;Name&gt;": a parameter value that cannot work; the message names the fix.</summary>
        public static string InvalidParameter(string parameterName) => "InvalidParameter." + parameterName;

        public const string InvalidArgument = "InvalidArgument";
        public const string OperationCanceled = "OperationCanceled";

        /// <summary>"UnexpectedError.&lt;ExceptionType&gt;": a failure the module did not foresee.</summary>
        public static string Unexpected(Exception exception) => "UnexpectedError." + exception.GetType().Name;

        /// <summary>The proxy asked for credentials (407) or refused the ones given: fix -ProxyCredential.</summary>
        public const string ProxyAuthenticationRequired = "Proxy.AuthenticationRequired";

        /// <summary>The proxy could not be reached: fix -Proxy (or HTTPS_PROXY/HTTP_PROXY), or bypass it with -NoProxy.</summary>
        public const string ProxyUnreachable = "Proxy.Unreachable";

        /// <summary>Sync-SportsData got no connection to sync.</summary>
        public const string SportsDataNotConnected = "SportsData.NotConnected";

        /// <summary>A JSON answer without the fields the API documents.</summary>
        public const string InvalidResponse = "InvalidResponse";

        // A vendor API's answers: "<Vendor>Api.<what>"

        /// <summary>"&lt;Vendor&gt;Api.&lt;HttpStatusCode&gt;", e.g. PolarApi.NotFound: a failure status after every retry.</summary>
        public static string ApiStatus(string vendor, HttpStatusCode status) => vendor + "Api." + status;

        public static string ApiInvalidResponse(string vendor) => vendor + "Api.InvalidResponse";

        public static string ApiTimeout(string vendor) => vendor + "Api.Timeout";

        public static string ApiConnectionFailed(string vendor) => vendor + "Api.ConnectionFailed";

        // A vendor connection and its tokens: "<Vendor>.<what>"

        public static string NotConnected(string vendor) => vendor + ".NotConnected";

        public static string TokenExpired(string vendor) => vendor + ".TokenExpired";

        public static string CannotRefresh(string vendor) => vendor + ".CannotRefresh";

        public static string InvalidClient(string vendor) => vendor + ".InvalidClient";

        public static string InvalidGrant(string vendor) => vendor + ".InvalidGrant";

        public static string InvalidTokenResponse(string vendor) => vendor + ".InvalidTokenResponse";

        /// <summary>"&lt;Vendor&gt;.&lt;failure&gt;" for a Cognito sign-in failure, <paramref name="failure"/> one of <see cref="Cognito"/>.</summary>
        public static string SignIn(string vendor, string failure) => vendor + "." + failure;

        /// <summary>Cognito sign-in failures, each reported as "&lt;Vendor&gt;.&lt;failure&gt;" (<see cref="SignIn"/>).</summary>
        public static class Cognito
        {
            public const string UnknownClientId = "UnknownClientId";
            public const string UserNotFound = "UserNotFound";
            public const string UserNotConfirmed = "UserNotConfirmed";
            public const string PasswordResetRequired = "PasswordResetRequired";
            public const string SignInRejected = "SignInRejected";
            public const string SignInThrottled = "SignInThrottled";
            public const string RefreshTokenExpired = "RefreshTokenExpired";
            public const string ClientSecretRequired = "ClientSecretRequired";
            public const string PasswordAttemptsExceeded = "PasswordAttemptsExceeded";
            public const string InvalidCredentials = "InvalidCredentials";
            public const string RefreshFailed = "RefreshFailed";
            public const string SignInFailed = "SignInFailed";
            public const string ChallengeRequired = "ChallengeRequired";
        }

        /// <summary>OAuth 2.0 sign-in in the browser (Polar).</summary>
        public static class OAuth
        {
            public const string ListenerFailed = "OAuth.ListenerFailed";
            public const string SignInTimedOut = "OAuth.SignInTimedOut";
            public const string AuthorizationDenied = "OAuth.AuthorizationDenied";
            public const string StateMismatch = "OAuth.StateMismatch";
        }

        /// <summary>The token cache file of unattended runs.</summary>
        public static class TokenCache
        {
            public const string Corrupt = "TokenCache.Corrupt";
            public const string Unreadable = "TokenCache.Unreadable";
            public const string Permissions = "TokenCache.Permissions";
        }

        public static class Polar
        {
            public const string TokenCacheEmpty = "Polar.TokenCacheEmpty";
            public const string CannotRefresh = "Polar.CannotRefresh";
            public const string NonInteractive = "Polar.NonInteractive";
            public const string InvalidResponse = "PolarApi.InvalidResponse";
            public const string InvalidSamples = "PolarApi.InvalidSamples";
        }

        public static class Valor
        {
            public const string TokenExpired = "Valor.TokenExpired";
            public const string RefreshTokenExpired = "Valor.RefreshTokenExpired";
            public const string InvalidResponse = "ValorApi.InvalidResponse";
            public const string ReportMissing = "Valor.ReportMissing";
        }

        public static class Aikynetix
        {
            public const string TokenExpired = "Aikynetix.TokenExpired";
            public const string InvalidApiKey = "Aikynetix.InvalidApiKey";
            public const string NotAdmin = "Aikynetix.NotAdmin";
            public const string FetchEndpointNotFound = "Aikynetix.FetchEndpointNotFound";
            public const string SessionNotFound = "Aikynetix.SessionNotFound";
            public const string Forbidden = "Aikynetix.Forbidden";
            public const string PlanRequired = "Aikynetix.PlanRequired";
            public const string VideoRequestRejected = "Aikynetix.VideoRequestRejected";
            public const string NoAnalyzedVideo = "Aikynetix.NoAnalyzedVideo";
            public const string InvalidResponse = "AikynetixApi.InvalidResponse";
            public const string FileExists = "Aikynetix.FileExists";
            public const string DirectoryNotFound = "Aikynetix.DirectoryNotFound";
            public const string CannotWriteFile = "Aikynetix.CannotWriteFile";
            public const string DownloadFailed = "Aikynetix.DownloadFailed";
            public const string InvalidVideoUrl = "Aikynetix.InvalidVideoUrl";
        }

        /// <summary>The Sync-* datasets.</summary>
        public static class Sync
        {
            public const string DatasetLocked = "Sync.DatasetLocked";
            public const string TableInvalid = "Sync.TableInvalid";
            public const string StateInvalid = "Sync.StateInvalid";
        }

        /// <summary>Export-PolarSample's files.</summary>
        public static class Export
        {
            public const string FileExists = "Export.FileExists";
            public const string FileReadOnly = "Export.FileReadOnly";
            public const string PathNotWritable = "Export.PathNotWritable";
            public const string CommitFailed = "Export.CommitFailed";
            public const string ParquetAppend = "Export.ParquetAppend";
            public const string ParquetNeedsPowerShell7 = "Export.ParquetNeedsPowerShell7";
            public const string AppendNotSampleFile = "Export.AppendNotSampleFile";
            public const string AppendColumnsDiffer = "Export.AppendColumnsDiffer";
        }

        /// <summary>Publish-SportsDataset (and Sync-SportsData -PublishConnectionString): a dataset into a database.</summary>
        public static class Publish
        {
            /// <summary>Windows PowerShell 5.1: the PostgreSQL client needs PowerShell 7.4+.</summary>
            public const string NeedsPowerShell7 = "Publish.NeedsPowerShell7";
            /// <summary>Wrong user or password: fix -Credential (or Password= in -ConnectionString).</summary>
            public const string AuthenticationFailed = "Publish.AuthenticationFailed";
            /// <summary>No answer from Host:Port of -ConnectionString.</summary>
            public const string ServerUnreachable = "Publish.ServerUnreachable";
            /// <summary>The server has no database by the name in -ConnectionString.</summary>
            public const string DatabaseNotFound = "Publish.DatabaseNotFound";
            /// <summary>The server refused the connection for another reason (SQLSTATE in the message).</summary>
            public const string ConnectFailed = "Publish.ConnectFailed";
            /// <summary>-Path is neither a dataset folder nor a Sync-SportsData root.</summary>
            public const string NotADataset = "Publish.NotADataset";
            /// <summary>A sync is writing the dataset right now.</summary>
            public const string DatasetLocked = "Publish.DatasetLocked";
            /// <summary>Another load into the same schema holds the advisory lock.</summary>
            public const string SchemaLocked = "Publish.SchemaLocked";
            /// <summary>A file that is not what the dataset contract says (a missing key column, rows of two sessions).</summary>
            public const string FileInvalid = "Publish.FileInvalid";
            /// <summary>A value that is not its column's type.</summary>
            public const string InvalidValue = "Publish.InvalidValue";
            /// <summary>A file changed while it was being loaded.</summary>
            public const string FileChanged = "Publish.FileChanged";
            /// <summary>The database refused one unit (a constraint a user added, ...); the others load.</summary>
            public const string UnitFailed = "Publish.UnitFailed";
        }
    }
}
