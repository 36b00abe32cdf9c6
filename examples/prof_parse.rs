use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let mut raws = Vec::new();
    let t = Instant::now();
    vsd::import::read_path(std::path::Path::new(&path), &mut |m| raws.push(m)).unwrap();
    eprintln!("read {} in {:?}", raws.len(), t.elapsed());
    let t = Instant::now();
    let msgs: Vec<_> = raws
        .iter()
        .map(|r| vsd::mail::parse(&r.bytes).unwrap())
        .collect();
    eprintln!("parse {:?}", t.elapsed());
    let t = Instant::now();
    for m in &msgs {
        let _ = vsd::mail::quote::split(&m.text, m.html.as_deref());
    }
    eprintln!("split {:?}", t.elapsed());
    let t = Instant::now();
    for m in &msgs {
        let _ = vsd::issues::secrets::find(&m.text);
    }
    eprintln!("secrets {:?}", t.elapsed());
    let t = Instant::now();
    for m in &msgs {
        let _ = vsd::issues::checklist::missing(&m.subject, &m.text);
    }
    eprintln!("checklist {:?}", t.elapsed());
    let t = Instant::now();
    let raws2: Vec<_> = raws
        .into_iter()
        .map(|r| vsd::sync::ingest::Incoming::from(r))
        .collect();
    let prepared: Vec<_> = raws2.into_iter().map(vsd::sync::ingest::prepare).collect();
    eprintln!("prepare all {:?}", t.elapsed());
    let dir = tempfile::tempdir().unwrap();
    let mut store = vsd::store::Store::open(&dir.path().join("x.db")).unwrap();
    let t = Instant::now();
    for c in prepared.chunks(2000) {
        store.add_messages(c).unwrap();
    }
    eprintln!("store {:?}", t.elapsed());
}
