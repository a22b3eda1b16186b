namespace SportsData.Sandbox
{
    /// <summary>One vendor's part of the simulator. Modules are asked in order; the first that answers wins.</summary>
    public interface ISimulatorModule
    {
        /// <summary>Returns null when the request is not for this module.</summary>
        SimResponse? Handle(SimRequest request);
    }
}
