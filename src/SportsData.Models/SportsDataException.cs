using System;
using System.Net;

namespace SportsData
{
    /// <summary>What kind of failure, so the PowerShell layer can pick an ErrorCategory without parsing text.</summary>
    public enum FailureKind
    {
        InvalidArgument,
        Authentication,
        PermissionDenied,
        NotFound,
        RateLimited,
        ServerError,
        Connection,
        Timeout,
        InvalidData,
        NotConnected,
        InvalidOperation,
    }

    /// <summary>
    /// Every failure the engine reports. Messages never contain tokens, keys or passwords.
    /// <see cref="ErrorId"/> is stable and becomes the ErrorRecord's FullyQualifiedErrorId.
    /// </summary>
    public class SportsDataException : Exception
    {
        public SportsDataException(string errorId, FailureKind kind, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        public string ErrorId { get; }

        public FailureKind Kind { get; }

        /// <summary>The parameter a user should fix, when the failure is about input.</summary>
        public string? ParameterName { get; set; }

        /// <summary>The item (id, URL without secrets) the failure is about.</summary>
        public object? Target { get; set; }

        public static SportsDataException InvalidArgument(string parameterName, string message) =>
            new SportsDataException(ErrorIds.InvalidParameter(parameterName), FailureKind.InvalidArgument, message) { ParameterName = parameterName };
    }

    /// <summary>A vendor API answered with a failure status after retries were exhausted.</summary>
    public class ApiException : SportsDataException
    {
        public ApiException(string errorId, FailureKind kind, string message, HttpStatusCode statusCode, string? vendorMessage)
            : base(errorId, kind, message)
        {
            StatusCode = statusCode;
            VendorMessage = vendorMessage;
        }

        public HttpStatusCode StatusCode { get; }

        public string? VendorMessage { get; }
    }
}
