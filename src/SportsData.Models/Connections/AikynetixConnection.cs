using System;

namespace SportsData.Connections
{
    /// <summary>A connection to the AiKYNETIX API (or its sandbox).</summary>
    public sealed class AikynetixConnection : SportsDataConnection
    {
        internal AikynetixConnection(Uri baseUri, string authenticationMethod, bool isSandbox, string fetchByIdsPath, string uploadedByParameterName, string stateParameterName)
            : base("Aikynetix", baseUri, authenticationMethod, isSandbox)
        {
            FetchByIdsPath = fetchByIdsPath;
            UploadedByParameterName = uploadedByParameterName;
            StateParameterName = stateParameterName;
        }

        /// <summary>Path of the admin fetch-by-ids endpoint in use (not in the public docs; set with Connect-Aikynetix -FetchByIdsPath).</summary>
        public string FetchByIdsPath { get; }

        /// <summary>Query parameter name of the uploader filter in use (not in the public docs).</summary>
        public string UploadedByParameterName { get; }

        /// <summary>Query parameter name of the processing-state filter in use (not in the public docs).</summary>
        public string StateParameterName { get; }

        protected override string ConnectCmdletNoun => "Aikynetix";
    }
}
