using System.Collections.Generic;

namespace SportsData.Polar
{
    /// <summary>The -SampleType/-Type lists of the sample cmdlets as one flag set.</summary>
    public static class PolarSampleTypes
    {
        /// <summary>The types combined; none given (or only None) means All.</summary>
        public static PolarSampleType Combine(IEnumerable<PolarSampleType>? types)
        {
            PolarSampleType combined = Flags(types);
            return combined == PolarSampleType.None ? PolarSampleType.All : combined;
        }

        /// <summary>The types combined as they are: none given, or only None, is None (Sync's "no samples").</summary>
        public static PolarSampleType Flags(IEnumerable<PolarSampleType>? types)
        {
            PolarSampleType combined = PolarSampleType.None;
            if (types != null) foreach (PolarSampleType type in types) combined |= type;
            return combined;
        }
    }
}
