namespace SportsData.PowerShell
{
    /// <summary>Turns engine failures into ErrorRecords with a specific ErrorId and category.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, object? target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerException!;
            if (exception is SportsDataException failure)
            {
                // An API failure's own target is only the request; the input it was about (an id) is the better target.
                object? chosen = failure is ApiException ? target ?? failure.Target : failure.Target ?? target;
                var record = new ErrorRecord(failure, failure.ErrorId, Category(failure.Kind), chosen);
                if (failure.ParameterName != null)
                {
                    record.ErrorDetails = new ErrorDetails(failure.Message) { RecommendedAction = "Correct the -" + failure.ParameterName + " parameter and run the command again." };
                }
                return record;
            }
            if (exception is ArgumentException argument)
            {
                return new ErrorRecord(argument, ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target);
            }
            if (exception is OperationCanceledException)
            {
                return new ErrorRecord(exception, ErrorIds.OperationCanceled, ErrorCategory.OperationStopped, target);
            }
            return new ErrorRecord(exception, ErrorIds.Unexpected(exception), ErrorCategory.NotSpecified, target);
        }

        /// <summary>The record with its shown message prefixed by <paramref name="label"/> (none: unchanged); the exception and its message stay as they are.</summary>
        public static ErrorRecord Labelled(ErrorRecord record, string? label)
        {
            if (label == null) return record;
            record.ErrorDetails = new ErrorDetails("[" + label + "] " + (record.ErrorDetails?.Message ?? record.Exception.Message))
            {
                RecommendedAction = record.ErrorDetails?.RecommendedAction,
            };
            return record;
        }

        public static ErrorCategory Category(FailureKind kind) => kind switch
        {
            FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
            FailureKind.Authentication => ErrorCategory.AuthenticationError,
            FailureKind.PermissionDenied => ErrorCategory.PermissionDenied,
            FailureKind.NotFound => ErrorCategory.ObjectNotFound,
            FailureKind.RateLimited => ErrorCategory.LimitsExceeded,
            FailureKind.ServerError => ErrorCategory.ResourceUnavailable,
            FailureKind.Connection => ErrorCategory.ConnectionError,
            FailureKind.Timeout => ErrorCategory.OperationTimeout,
            FailureKind.InvalidData => ErrorCategory.InvalidData,
            FailureKind.NotConnected => ErrorCategory.ConnectionError,
            _ => ErrorCategory.InvalidOperation,
        };
    }
}
