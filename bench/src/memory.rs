//! The server's memory, read from Linux's `/proc/<pid>/status`.

use anyhow::Context as _;

/// Resident memory now and at its peak, in KiB.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// `VmRSS`: resident now.
    pub resident_kib: u64,
    /// `VmHWM`: the most ever resident.
    pub peak_kib: u64,
}

/// Reads the memory of process `pid`.
pub fn of_process(pid: u32) -> anyhow::Result<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    Ok(Memory {
        resident_kib: field(&status, "VmRSS:")?,
        peak_kib: field(&status, "VmHWM:")?,
    })
}

fn field(status: &str, name: &str) -> anyhow::Result<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .and_then(|rest| rest.split_whitespace().next())
        .context(format!("no {name} in /proc status"))?
        .parse()
        .with_context(|| format!("{name} is not a number of KiB"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_resident_and_peak_of_this_process() {
        let memory = of_process(std::process::id()).unwrap();
        assert!(memory.resident_kib > 0);
        assert!(memory.peak_kib >= memory.resident_kib);
    }

    #[test]
    fn a_missing_field_is_an_error() {
        assert!(field("Name:\tx\n", "VmRSS:").is_err());
        assert_eq!(field("VmRSS:\t  1234 kB\n", "VmRSS:").unwrap(), 1234);
    }
}
