//! The `syncsetup-emulator` command: starts the emulator on 127.0.0.1 and prints where it runs.
//! The first line is machine-readable and exactly `ready <app base url>/`, followed by
//! `host <name> <url>` lines, `org <url name> <url>` lines for the Dataverse environments (and
//! `ca <path>` with `--tls --ca-out`), then human-readable lines.
//! Tests and `make demo` read those lines instead of guessing ports. SIGINT and SIGTERM stop it
//! cleanly.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use syncsetup_emulator::faults::FaultSpec;
use syncsetup_emulator::scenario::demo;
use syncsetup_emulator::{spawn, Options};

const USAGE: &str = "\
usage: syncsetup-emulator [--port <P>] [--scenario <name>] [--static <dir>] [--per-host-ports]
                          [--tls --ca-out <path>] [--spa-redirect-uri <url>]...

  --port <P>               port of the app host (of every host without --per-host-ports); 0 = any free port (default)
  --scenario <name>        seed data (default: demo)
  --static <dir>           serve the built SPA from <dir> on the app host, with a generated /config.json
  --per-host-ports         one 127.0.0.1 port per emulated host instead of *.localhost names on one port
  --tls                    HTTPS with a certificate generated at start
  --ca-out <path>          with --tls: write the certificate's CA (PEM) to <path>
  --spa-redirect-uri <url> register another 'spa' redirect URI for the tool's app (repeatable)

fault switches (also settable at run time under /_emulator/faults and /_emulator/settings):
  --latency [<host>=]<ms>  delay every request (to <host>: crm, crm:<org>, graph, login, globaldisco, app) (repeatable)
  --fault <json>           a fault rule, e.g. '{\"host\":\"crm\",\"status\":429,\"retryAfter\":2,\"times\":3}'
                           fields: host, path (glob), method, latencyMs, status, retryAfter, drop, times (repeatable)
  --replication-lag <s>    new applications and service principals stay invisible for <s> seconds
  --token-lifetime <s>     lifetime of issued access tokens (default 3600)";

struct Args {
    options: Options,
    ca_out: Option<PathBuf>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut options = Options::default();
    let mut ca_out = None;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                let v = value("--port")?;
                options.port = v
                    .parse()
                    .map_err(|_| format!("--port: '{v}' is not a port number"))?;
            }
            "--scenario" => options.scenario = value("--scenario")?,
            "--static" => options.static_dir = Some(PathBuf::from(value("--static")?)),
            "--per-host-ports" => options.per_host_ports = true,
            "--tls" => options.tls = true,
            "--ca-out" => ca_out = Some(PathBuf::from(value("--ca-out")?)),
            "--spa-redirect-uri" => {
                let v = value("--spa-redirect-uri")?;
                url::Url::parse(&v).map_err(|e| format!("--spa-redirect-uri '{v}': {e}"))?;
                options.extra_spa_redirect_uris.push(v);
            }
            "--latency" => options
                .faults
                .push(FaultSpec::latency_flag(&value("--latency")?)?),
            "--fault" => {
                let v = value("--fault")?;
                let spec: FaultSpec =
                    serde_json::from_str(&v).map_err(|e| format!("--fault '{v}': {e}"))?;
                spec.validate().map_err(|e| format!("--fault '{v}': {e}"))?;
                options.faults.push(spec);
            }
            "--replication-lag" => {
                let v = value("--replication-lag")?;
                options.replication_lag_secs =
                    Some(v.parse().map_err(|_| {
                        format!("--replication-lag: '{v}' is not a number of seconds")
                    })?);
            }
            "--token-lifetime" => {
                let v = value("--token-lifetime")?;
                options.access_token_lifetime_secs =
                    Some(v.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--token-lifetime: '{v}' is not a positive number of seconds")
                    })?);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    if ca_out.is_some() && !options.tls {
        return Err("--ca-out needs --tls".into());
    }
    if let Some(dir) = &options.static_dir {
        if !dir.join("index.html").is_file() {
            return Err(format!("--static {}: no index.html there", dir.display()));
        }
    }
    Ok(Args { options, ca_out })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) if msg.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("syncsetup-emulator: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let running = match spawn(args.options.clone()).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("syncsetup-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let (Some(path), Some(pem)) = (&args.ca_out, &running.ca_pem) {
        if let Err(e) = std::fs::write(path, pem) {
            eprintln!(
                "syncsetup-emulator: cannot write CA to {}: {e}",
                path.display()
            );
            return ExitCode::FAILURE;
        }
    }

    let hosts = running.hosts.clone();
    let tenant = demo::TENANT_ID;
    let mut out = std::io::stdout().lock();
    let mut lines = vec![format!("ready {}/", hosts.app)];
    lines.extend(
        hosts
            .named()
            .iter()
            .map(|(name, url)| format!("host {name} {url}")),
    );
    let orgs: Vec<(String, String)> = running
        .state
        .dataverse()
        .orgs
        .keys()
        .filter_map(|o| hosts.crm_org(o).map(|u| (o.clone(), u)))
        .collect();
    lines.extend(orgs.iter().map(|(o, u)| format!("org {o} {u}")));
    if let Some(path) = &args.ca_out {
        lines.push(format!("ca {}", path.display()));
    }
    lines.push(format!(
        "syncsetup-emulator: scenario '{}'",
        args.options.scenario
    ));
    lines.push(format!("  app          {}/", hosts.app));
    lines.push(format!("  config.json  {}/config.json", hosts.app));
    lines.push(format!(
        "  Entra ID     {}/{tenant}/v2.0/.well-known/openid-configuration",
        hosts.login
    ));
    lines.push(format!("  Graph        {}/v1.0/me", hosts.graph));
    lines.push(format!(
        "  Global Disc. {}/api/discovery/v2.0/Instances",
        hosts.globaldisco
    ));
    for (o, u) in orgs.iter().take(3) {
        lines.push(format!("  Dataverse    {u}/api/data/v9.2/ ({o})"));
    }
    if orgs.len() > 3 {
        lines.push(format!("  ... and {} more environments", orgs.len() - 3));
    }
    // The scenario's accounts (a large tenant: the first few).
    let users = &running.state.scenario.users;
    for (i, user) in users.iter().take(5).enumerate() {
        let roles = if user.roles.is_empty() {
            "no directory role".to_string()
        } else {
            user.roles.join(", ")
        };
        let lead = if i == 0 { "sign in as" } else { "   or as" };
        lines.push(format!(
            "  {lead} {} ({}), {roles}",
            user.display_name, user.upn
        ));
    }
    if users.len() > 5 {
        lines.push(format!("  ... and {} more accounts", users.len() - 5));
    }
    lines.push(format!("  password of every account: {}", demo::PASSWORD));
    lines.push("  stop with Ctrl+C".into());
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    let _ = out.flush();
    drop(out);

    wait_for_signal().await;
    running.stop().await;
    ExitCode::SUCCESS
}

async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_args;

    fn parse(args: &[&str]) -> Result<super::Args, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_parse_in_both_spellings_and_repeat() {
        let args = parse(&[
            "--port=8400",
            "--per-host-ports",
            "--tls",
            "--ca-out",
            "/tmp/ca.pem",
            "--spa-redirect-uri",
            "http://127.0.0.1:8080/",
            "--spa-redirect-uri=http://localhost:8080/",
        ])
        .unwrap();
        assert_eq!(args.options.port, 8400);
        assert!(args.options.per_host_ports && args.options.tls);
        assert_eq!(
            args.ca_out.as_deref(),
            Some(std::path::Path::new("/tmp/ca.pem"))
        );
        assert_eq!(
            args.options.extra_spa_redirect_uris,
            ["http://127.0.0.1:8080/", "http://localhost:8080/"]
        );
        assert_eq!(args.options.scenario, "demo");
    }

    #[test]
    fn fault_flags_parse_into_rules_and_settings() {
        let args = parse(&[
            "--latency",
            "crm=250",
            "--latency=40",
            "--fault",
            r#"{"host":"graph","status":429,"retryAfter":2,"times":3}"#,
            "--replication-lag",
            "30",
            "--token-lifetime=120",
        ])
        .unwrap();
        let f = &args.options.faults;
        assert_eq!(f.len(), 3);
        assert_eq!(
            (f[0].host.as_deref(), f[0].latency_ms),
            (Some("crm"), Some(250))
        );
        assert_eq!((f[1].host.as_deref(), f[1].latency_ms), (None, Some(40)));
        assert_eq!(
            (f[2].status, f[2].retry_after, f[2].times),
            (Some(429), Some(2), Some(3))
        );
        assert_eq!(args.options.replication_lag_secs, Some(30));
        assert_eq!(args.options.access_token_lifetime_secs, Some(120));
        for bad in [
            &["--latency", "fast"][..],
            &["--fault", "{}"],
            &["--fault", r#"{"status":200}"#],
            &["--fault", r#"{"bogus":1}"#],
            &["--replication-lag", "-1"],
            &["--token-lifetime", "0"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn inconsistent_or_unknown_flags_are_refused() {
        assert!(parse(&["--ca-out", "/tmp/ca.pem"]).is_err());
        assert!(parse(&["--port", "http"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--spa-redirect-uri", "not a url"]).is_err());
        assert!(parse(&["--static", "/nonexistent-dir"]).is_err());
        assert_eq!(parse(&["--help"]).err().as_deref(), Some(""));
    }
}
