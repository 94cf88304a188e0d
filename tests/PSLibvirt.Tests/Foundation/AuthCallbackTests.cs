using System.Runtime.InteropServices;
using System.Security;
using PSLibvirt.Core;
using PSLibvirt.Native;
using Xunit;

namespace PSLibvirt.Tests.Foundation;

/// <summary>Calls the auth callback the way libvirt does: an array of credentials, cbdata, and free() on the answers.</summary>
public unsafe class AuthCallbackTests
{
    private static SecureString Secret(string s)
    {
        var ss = new SecureString();
        foreach (char ch in s) ss.AppendChar(ch);
        ss.MakeReadOnly();
        return ss;
    }

    private static int Invoke(ConnectionCredential? credential, VirConnectCredential* creds, uint n)
    {
        var gch = credential is null ? default : GCHandle.Alloc(credential);
        try
        {
            var cb = (delegate* unmanaged[Cdecl]<VirConnectCredential*, uint, nint, int>)&ConnectionCredential.Callback;
            return cb(creds, n, credential is null ? 0 : GCHandle.ToIntPtr(gch));
        }
        finally
        {
            if (gch.IsAllocated) gch.Free();
        }
    }

    [Fact]
    public void AnswersUserNameAndPassword_InMallocedBuffers()
    {
        var creds = stackalloc VirConnectCredential[2];
        creds[0] = new VirConnectCredential { type = (int)VirConnectCredentialType.VIR_CRED_AUTHNAME };
        creds[1] = new VirConnectCredential { type = (int)VirConnectCredentialType.VIR_CRED_PASSPHRASE };
        int r = Invoke(new ConnectionCredential("admin", Secret("pä55wörd")), creds, 2);
        Assert.Equal(0, r);
        Assert.Equal("admin", Utf8.Read(creds[0].result));
        Assert.Equal(5u, creds[0].resultlen);
        Assert.Equal("pä55wörd", Utf8.Read(creds[1].result));
        Assert.Equal((uint)System.Text.Encoding.UTF8.GetByteCount("pä55wörd"), creds[1].resultlen);
        // libvirt releases the answers with free(): that must be valid for them.
        Utf8.Free(creds[0].result);
        Utf8.Free(creds[1].result);
    }

    [Fact]
    public void DefaultResult_IsUsedForTheUserNameWhenNoneIsGiven()
    {
        byte* def = Utf8.AllocCopy("root");
        try
        {
            var creds = stackalloc VirConnectCredential[1];
            creds[0] = new VirConnectCredential { type = (int)VirConnectCredentialType.VIR_CRED_USERNAME, defresult = def };
            Assert.Equal(0, Invoke(new ConnectionCredential(null, null), creds, 1));
            Assert.Equal("root", Utf8.Read(creds[0].result));
            Utf8.Free(creds[0].result);
        }
        finally
        {
            Utf8.Free(def);
        }
    }

    [Theory]
    [InlineData(VirConnectCredentialType.VIR_CRED_PASSPHRASE)]  // no password given: fail, never prompt
    [InlineData(VirConnectCredentialType.VIR_CRED_REALM)]       // a prompt we cannot answer
    [InlineData(VirConnectCredentialType.VIR_CRED_EXTERNAL)]
    public void UnanswerablePrompts_FailTheOpenInsteadOfBlocking(VirConnectCredentialType type)
    {
        var creds = stackalloc VirConnectCredential[1];
        creds[0] = new VirConnectCredential { type = (int)type };
        Assert.Equal(-1, Invoke(new ConnectionCredential("u", null), creds, 1));
        Assert.True(creds[0].result == null);
    }

    [Fact]
    public void NullCallbackData_FailsSafely()
    {
        var creds = stackalloc VirConnectCredential[1];
        creds[0] = new VirConnectCredential { type = (int)VirConnectCredentialType.VIR_CRED_AUTHNAME };
        Assert.Equal(-1, Invoke(null, creds, 1));
    }

    [Fact]
    public void OpenWithCredential_OnADriverWithoutAuth_Succeeds()
    {
        using var c = LibvirtConnection.Open("test:///default", credential: new ConnectionCredential("u", Secret("p")));
        Assert.True(c.IsAlive);
    }

    [Fact]
    public void Password_IsGivenAtMostThreeTimesPerOpen_AndAgainToTheNextOpen()
    {
        var stored = new ConnectionCredential("root", Secret("wrong"));
        var open = stored.ForOneOpen();
        var creds = stackalloc VirConnectCredential[1];
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            creds[0] = new VirConnectCredential { type = (int)VirConnectCredentialType.VIR_CRED_PASSPHRASE };
            int r = Invoke(open, creds, 1);
            // libssh's transport asks again after each refusal, without end once the server hung up: the fourth fails.
            Assert.Equal(attempt <= 3 ? 0 : -1, r);
            if (creds[0].result != null) Utf8.Free(creds[0].result);
        }
        creds[0] = new VirConnectCredential { type = (int)VirConnectCredentialType.VIR_CRED_PASSPHRASE };
        Assert.Equal(0, Invoke(stored.ForOneOpen(), creds, 1));
        Utf8.Free(creds[0].result);
    }
}
