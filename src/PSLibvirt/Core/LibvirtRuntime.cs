using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSLibvirt.Native;

namespace PSLibvirt.Core;

/// <summary>
/// Process-wide libvirt set-up, done once and in libvirt's required order: load the library, silence libvirt's
/// own printing of errors, register the default event implementation before any connection, then run the
/// event loop on one background thread for the life of the process (keepalive, close callbacks, events).
/// </summary>
internal static class LibvirtRuntime
{
    private static readonly object Gate = new();
    private static bool _initialized;
    private static Thread? _loopThread;

    public static bool EventLoopRunning => _loopThread is { IsAlive: true };

    public static unsafe void EnsureInitialized()
    {
        if (Volatile.Read(ref _initialized)) return;
        lock (Gate)
        {
            if (_initialized) return;
            LibvirtLibrary.EnsureLoaded();
            try
            {
                // Without a handler libvirt prints every error to stderr itself.
                Libvirt.virSetErrorFunc(0, (nint)(delegate* unmanaged[Cdecl]<nint, VirError*, void>)&IgnoreError);
                Vir.Initialize();
                Vir.EventRegisterDefaultImpl();
                LibXml2.InitSchemaTypes();
            }
            catch (DllNotFoundException e) when (e is not LibvirtNotFoundException)
            {
                throw new LibvirtNotFoundException(LibvirtLibrary.MissingLibraryMessage(LibvirtLibrary.Name, e.Message));
            }
            _loopThread = new Thread(RunEventLoop) { IsBackground = true, Name = "libvirt event loop" };
            _loopThread.Start();
            Volatile.Write(ref _initialized, true);
        }
    }

    /// <summary>The version of the loaded libvirt library.</summary>
    public static unsafe Version LibraryVersion
    {
        get
        {
            EnsureInitialized();
            CULong v;
            Vir.GetVersion(&v, null, null);
            return Versions.FromLibvirt((ulong)v.Value);
        }
    }

    private static void RunEventLoop()
    {
        while (true)
        {
            try
            {
                Vir.EventRunDefaultImpl();
            }
            catch (LibvirtException)
            {
                // Only a broken poll() gets here; do not spin.
                Thread.Sleep(100);
            }
            catch
            {
                // Nothing may escape a background thread: it would kill the process (and pwsh with it).
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static unsafe void IgnoreError(nint userData, VirError* error) { }
}

internal static class Versions
{
    /// <summary>libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release.</summary>
    public static Version FromLibvirt(ulong v) => new((int)(v / 1_000_000), (int)(v / 1000 % 1000), (int)(v % 1000));
}
