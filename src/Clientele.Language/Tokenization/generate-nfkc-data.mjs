// Generates nfkc-data.txt, the tables behind Nfkc.cs, from the JavaScript engine's own String.prototype.normalize
// (ICU). The USE-lite runtime normalises with that same function, so the tokenizer sees the text it saw.
//   node src/Clientele.Language/Tokenization/generate-nfkc-data.mjs > src/Clientele.Language/Tokenization/nfkc-data.txt
// Three kinds of line, hexadecimal code points:
//   D cp d1 d2 ...   full compatibility decomposition (NFKD) of cp, when it is not cp itself (Hangul syllables excluded:
//                    they are decomposed by arithmetic)
//   C first last r   code points first..last have a non-zero canonical combining class of rank r (the ranks order
//                    the classes as the classes do; ICU does not expose the class itself, only the order it sorts by)
//   P l m c          l followed by m composes to the primary composite c (Hangul excluded)
const isHangulSyllable = cp => cp >= 0xac00 && cp <= 0xd7a3;
const isSurrogate = cp => cp >= 0xd800 && cp <= 0xdfff;
const str = cp => String.fromCodePoint(cp);
const cps = s => Array.from(s, ch => ch.codePointAt(0));
const hex = cp => cp.toString(16).toUpperCase();

const lines = [`# NFKC tables from ${process.release.name} ${process.version}, ICU ${process.versions.icu}, Unicode ${process.versions.unicode}`];

// Decompositions.
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (isSurrogate(cp) || isHangulSyllable(cp)) continue;
  const s = str(cp);
  const d = s.normalize('NFKD');
  if (d !== s) lines.push(`D ${hex(cp)} ${cps(d).map(hex).join(' ')}`);
}

// Non-zero combining classes, among code points that survive NFD (the only ones that reach the reordering step).
const high = '\u0345'; // class 240, the highest
const low = '\u0334';  // class 1, the lowest
const marks = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (isSurrogate(cp) || isHangulSyllable(cp)) continue;
  const s = str(cp);
  if (s.normalize('NFD') !== s) continue;
  if (cp === 0x345 || cp === 0x334) { marks.push(cp); continue; }
  const belowHigh = (high + s).normalize('NFD') === s + high;
  const aboveLow = (s + low).normalize('NFD') === low + s;
  if (belowHigh || aboveLow) marks.push(cp);
}
const compare = (a, b) => {
  if (a === b) return 0;
  const ab = str(a) + str(b);
  const n = ab.normalize('NFD');
  if (n !== ab) return 1;          // class(a) > class(b): ICU moved b first
  const ba = str(b) + str(a);
  if (ba.normalize('NFD') !== ba) return -1;
  return 0;
};
marks.sort((a, b) => compare(a, b) || a - b);
const rank = new Map();
let r = 0;
for (let i = 0; i < marks.length; i++) {
  if (i === 0 || compare(marks[i - 1], marks[i]) !== 0) r++;
  rank.set(marks[i], r);
}
const byCode = [...rank.keys()].sort((a, b) => a - b);
for (let i = 0; i < byCode.length;) {
  let j = i;
  while (j + 1 < byCode.length && byCode[j + 1] === byCode[j] + 1 && rank.get(byCode[j + 1]) === rank.get(byCode[i])) j++;
  lines.push(`C ${hex(byCode[i])} ${hex(byCode[j])} ${rank.get(byCode[i])}`);
  i = j + 1;
}

// Primary composites: code points that survive NFC yet decompose under NFD. For each, the splits of its canonical
// decomposition into (l = the composition of all but one code point, m = that code point) such that NFC puts l m back
// together and NFD(l) m is already in canonical order: that is the composite's own mapping <l, m> (a split such as
// (U+014C, U+0328) for U+01EC also recomposes, through U+01EA, but never meets the composition step in that order).
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (isSurrogate(cp) || isHangulSyllable(cp)) continue;
  const s = str(cp);
  if (s.normalize('NFC') !== s) continue;
  const d = cps(s.normalize('NFD'));
  if (d.length < 2) continue;
  const seen = new Set();
  for (let k = d.length - 1; k >= 0; k--) {
    const rest = d.filter((_, i) => i !== k);
    const l = cps(String.fromCodePoint(...rest).normalize('NFC'));
    if (l.length !== 1) continue;
    const key = `${l[0]},${d[k]}`;
    if (seen.has(key)) continue;
    const lm = str(l[0]) + str(d[k]);
    const ordered = str(l[0]).normalize('NFD') + str(d[k]);
    if (lm.normalize('NFC') === s && ordered.normalize('NFD') === ordered) {
      seen.add(key);
      lines.push(`P ${hex(l[0])} ${hex(d[k])} ${hex(cp)}`);
    }
  }
}
process.stdout.write(lines.join('\n') + '\n');
