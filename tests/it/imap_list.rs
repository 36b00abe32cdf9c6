//! LIST: the folders a server has, as `vsd init` shows them when a configured
//! folder is missing. Scripted answers for the odd shapes, and the real
//! Dovecot for the ordinary one.

use crate::support;

use support::dovecot::{Dovecot, PASSWORD, USER};
use support::scripted::ScriptedStream;
use vsd::imap::{self, ListedFolder, Password};

const LOGIN_OK: &str =
    "* OK ready\r\na1 OK logged in\r\n* CAPABILITY IMAP4rev1 IDLE\r\na2 OK done\r\n";

fn pw() -> Password {
    Password::new(PASSWORD.to_string())
}

fn folder(name: &str, selectable: bool, special: Option<&'static str>) -> ListedFolder {
    ListedFolder {
        name: name.into(),
        selectable,
        special,
    }
}

#[test]
fn list_folders_decodes_names_marks_special_use_and_what_cannot_be_selected() {
    let script = format!(
        "{LOGIN_OK}* LIST (\\HasNoChildren) \"/\" INBOX\r\n\
         * LIST (\\HasNoChildren \\Sent) \"/\" \"Sendte elementer\"\r\n\
         * LIST (\\Noselect \\HasChildren) \"/\" \"[Gmail]\"\r\n\
         * LIST (\\HasNoChildren \\Drafts) \"/\" \"[Gmail]/Utkast\"\r\n\
         * LIST (\\HasNoChildren \\Junk) \"/\" S&APg-ppelpost\r\n\
         * LIST (\\NonExistent) \"/\" Gone\r\n\
         * LIST (\\HasNoChildren) \"/\" \"Half&open\"\r\n\
         a3 OK List completed\r\n"
    );
    let stream = ScriptedStream::new(script.as_bytes());
    let mut s = imap::login(stream, "scripted", USER, &pw(), true, false).expect("login");
    let listed = s.list_folders().expect("list");
    assert_eq!(
        listed,
        vec![
            folder("INBOX", true, None),
            folder("Sendte elementer", true, Some("Sent")),
            folder("[Gmail]", false, None),
            folder("[Gmail]/Utkast", true, Some("Drafts")),
            folder("Søppelpost", true, Some("Junk")),
            folder("Gone", false, None),
            folder("Half&open", true, None),
        ]
    );
}

#[test]
fn list_folders_on_dovecot_names_every_folder() {
    let Some(d) = Dovecot::start() else { return };
    d.create_folder("Sent");
    d.create_folder("Utg&AOU-ende");
    let cfg = vsd::config::Config::parse_str(&d.config_toml(&["INBOX"]), "test.toml")
        .expect("config")
        .imap
        .expect("imap");
    let mut s = imap::connect(&cfg, &pw()).expect("connect");
    let listed = s.list_folders().expect("list");
    let names: Vec<&str> = listed.iter().map(|f| f.name.as_str()).collect();
    for want in ["INBOX", "Sent", "Utgående"] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    let sent = listed.iter().find(|f| f.name == "Sent").expect("Sent");
    assert_eq!(sent.special, Some("Sent"));
    assert!(listed.iter().all(|f| f.selectable), "{listed:?}");
}
