using System.Net;
using Microsoft.AspNetCore.Http;
using Watcher.Service.Web;

namespace Watcher.Service.Tests.Web;

// DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 still sends
// "Host: evil.example". Over loopback only this machine's own names on the daemon's port pass.
public sealed class HostCheckTests
{
    [Theory]
    [InlineData("127.0.0.1:5480", "127.0.0.1", true)]
    [InlineData("localhost:5480", "127.0.0.1", true)]
    [InlineData("LocalHost:5480", "127.0.0.1", true)]
    [InlineData("[::1]:5480", "::1", true)]
    [InlineData("127.0.0.2:5480", "127.0.0.2", true)]            // bound to another loopback address: its own literal
    [InlineData("localhost:5480", "::ffff:127.0.0.1", true)]     // dual-stack socket
    [InlineData("evil.example", "127.0.0.1", false)]
    [InlineData("evil.example:5480", "127.0.0.1", false)]
    [InlineData("localhost.evil.example:5480", "127.0.0.1", false)]
    [InlineData("127.0.0.1.nip.io:5480", "127.0.0.1", false)]
    [InlineData("127.0.0.1:5481", "127.0.0.1", false)]           // another port: another origin
    [InlineData("127.0.0.1", "127.0.0.1", false)]                // no port means 80
    [InlineData("127.1:5480", "127.0.0.1", false)]
    [InlineData("2130706433:5480", "127.0.0.1", false)]
    [InlineData("", "127.0.0.1", false)]
    [InlineData("evil.example:5480", "::ffff:127.0.0.1", false)]
    [InlineData("photos.lan:5480", "192.168.1.20", true)]        // over the network the machine's names are unknown: the token guards
    public void Only_this_machines_names_on_the_daemons_port_pass_over_loopback(string host, string local, bool allowed) =>
        HostCheck.Allows(host.Length == 0 ? default : new HostString(host), IPAddress.Parse(local), 5480).Should().Be(allowed);
}
