using SportsData.Sandbox;

namespace SportsData.Tests.Unit;

public class LateArrivalScheduleTests
{
    [Fact]
    public void The_first_arrival_waits_for_its_own_delay_then_one_comes_per_interval_up_to_the_cap()
    {
        var options = new SandboxOptions { LateArrivalInterval = TimeSpan.FromMinutes(2), PolarFirstLateArrival = TimeSpan.FromMinutes(5) };
        TimeSpan now = TimeSpan.Zero;
        var schedule = new LateArrivalSchedule(options, 4, () => options.PolarFirstLateArrival, () => now);
        int DueAt(double minutes)
        {
            now = TimeSpan.FromMinutes(minutes);
            return schedule.Due;
        }

        Assert.Equal(new[] { 0, 0, 0, 1, 1, 2, 3, 4, 4 }, new[] { 0, 2, 4.9, 5, 6.9, 7, 9, 11, 60 }.Select(DueAt));

        options.PolarFirstLateArrival = null; // then the first comes after one interval, as for the other vendors
        Assert.Equal(new[] { 0, 1, 2 }, new[] { 1.9, 2, 4 }.Select(DueAt));
        options.LateArrivalInterval = null; // switched off, as the module's tests do
        Assert.Equal(0, DueAt(60));
    }
}
