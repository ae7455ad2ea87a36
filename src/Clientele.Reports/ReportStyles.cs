namespace Clientele.Reports;

/// <summary>The page's only style sheet, inlined: a readable column on a laptop, one column on a phone, clean on paper.</summary>
internal static class ReportStyles
{
    public const string Css = """
        :root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --panel: #f5f7fa; --accent: #4e79a7; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, Helvetica, Arial, sans-serif; }
        .wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
        header.top { background: var(--panel); border-bottom: 1px solid var(--line); padding: 20px 0 8px; }
        h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 4px; }
        .sub { color: var(--muted); margin: 0 0 10px; overflow-wrap: anywhere; }
        nav { display: flex; flex-wrap: wrap; gap: 4px 18px; }
        nav a { color: var(--accent); text-decoration: none; font-weight: 600; padding: 4px 0; }
        nav a:hover { text-decoration: underline; }
        section { padding: 8px 0 24px; border-bottom: 1px solid var(--line); }
        h2 { font-size: 1.5rem; margin: 24px 0 8px; }
        h3 { font-size: 1.15rem; margin: 28px 0 8px; }
        p { margin: 8px 0; max-width: 78ch; }
        .note { color: var(--muted); font-size: 0.92rem; }
        ul { margin: 6px 0; padding-left: 22px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin: 16px 0; }
        .card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
        .card .value { font-size: 1.55rem; font-weight: 700; line-height: 1.2; overflow-wrap: anywhere; }
        .card .label { font-weight: 600; }
        .card .detail { color: var(--muted); font-size: 0.85rem; }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); gap: 8px 28px; align-items: start; }
        .block { min-width: 0; }
        figure.chart { margin: 16px 0; min-width: 0; }
        figure.chart img { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
        figure.chart .chart-title { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 6px; }
        .table-wrap { overflow-x: auto; margin: 16px 0; -webkit-overflow-scrolling: touch; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
        th, td { padding: 5px 9px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        th { background: var(--panel); font-weight: 600; vertical-align: bottom; min-width: 3.5em; }
        th[title] { cursor: help; text-decoration: underline dotted var(--muted); }
        td { white-space: nowrap; }
        td.text { white-space: normal; min-width: 10em; }
        .num { text-align: right; }
        tr.em td { font-weight: 700; }
        .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 7px; vertical-align: -0.05em; border: 1px solid rgba(0,0,0,0.15); }
        dl.briefs { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 330px), 1fr)); gap: 10px 24px; margin: 12px 0 8px; }
        dl.briefs div { border-left: 3px solid var(--line); padding: 2px 0 2px 10px; }
        dl.briefs dt { font-weight: 700; }
        dl.briefs dd { margin: 0; color: var(--ink); font-size: 0.92rem; }
        footer { color: var(--muted); font-size: 0.85rem; padding: 18px 24px 40px; }
        @media (max-width: 600px) {
          .wrap { padding: 0 14px; }
          body { font-size: 15px; }
          h1 { font-size: 1.4rem; }
          h2 { font-size: 1.3rem; }
          .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
          .card { padding: 10px; }
          .card .value { font-size: 1.25rem; }
          th, td { padding: 4px 6px; }
        }
        @media print {
          @page { size: A4; margin: 14mm; }
          body { font-size: 10pt; }
          header.top { background: none; border: 0; padding: 0; }
          nav { display: none; }
          .wrap { max-width: none; padding: 0; }
          section { border: 0; }
          section + section { break-before: page; }
          h2, h3 { break-after: avoid; }
          figure.chart, table, .card, dl.briefs div { break-inside: avoid; }
          .table-wrap { overflow: visible; }
          td, th { white-space: normal; }
          figure.chart img { border: 0; }
          .columns { grid-template-columns: 1fr 1fr; }
        }
        """;
}
