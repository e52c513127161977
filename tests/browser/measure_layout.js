/* What a reader sees, measured in the page (used by test_layout.py).
 *
 * measure(phone): every problem a reader would see, as short descriptions.
 * textSizes(): for each chart, its figure number and the smallest chart text as drawn on screen.
 * clickMarks(): clicks the first, the middle and the largest mark of every chart.
 */
// The smallest chart text a reader can read without zooming, in CSS px on screen (font size × drawn scale).
const MIN_TEXT_PX = 11;
// The smallest touch target of a menu, radio button or button (WCAG 2.2, 2.5.8), in CSS px.
const MIN_TARGET_PX = 24;

// A chart's name in a report: its figure number when it has one, else its place on the page.
const chartName = (chart) => {
  const number = chart.closest('figure')?.querySelector('.caption-number');
  const place = `chart ${[...document.querySelectorAll('.companion-chart')].indexOf(chart) + 1}`;
  return number ? `${place} (${number.textContent.trim().replace(/\.$/, '')})` : place;
};

// The size of an SVG text as drawn: its font size times the scale of its coordinate system on screen.
const drawnTextPx = (text) => {
  const m = text.getScreenCTM();
  const scale = m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1;
  return parseFloat(getComputedStyle(text).fontSize) * scale;
};

const isVisible = (el) => {
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const s = getComputedStyle(n);
    if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    const op = n.getAttribute('opacity') || n.getAttribute('fill-opacity');
    if (op !== null && parseFloat(op) === 0) return false;
    if (n.tagName.toLowerCase() === 'details' && !n.open && n !== el) {
      // content of a closed <details> is not shown (its <summary> is)
      if (!el.closest('summary')) return false;
    }
  }
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};

// The visible, non-empty texts of a chart's drawn SVG (static or live).
const chartTexts = (chart) => [...chart.querySelectorAll('svg text')]
  .filter((t) => (t.textContent || '').trim() && isVisible(t));

window.companionLayout = {
  textSizes: () => [...document.querySelectorAll('.companion-chart')].map((chart) => {
    const sizes = chartTexts(chart).map((t) => [drawnTextPx(t), t]);
    const [px, t] = sizes.reduce((a, b) => (b[0] < a[0] ? b : a), [Infinity, null]);
    return {chart: chartName(chart), smallest: Math.round(px * 10) / 10, text: t ? t.textContent.trim().slice(0, 40) : '',
      under: sizes.filter(([p]) => p < MIN_TEXT_PX - 0.05).length, texts: sizes.length};
  }),
  measure: (phone) => {
    const problems = [];
    const describe = (el) => {
      const chart = el.closest('.companion-chart');
      const where = chart ? chartName(chart) : '';
      return `${where} <${el.tagName.toLowerCase()}> "${(el.textContent || '').trim().slice(0, 60)}"`;
    };
    const visible = isVisible;
    const inter = (a, b, slack) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > slack &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > slack;
  
    // 1. sideways scrolling of the whole page on a phone
    if (phone && document.documentElement.scrollWidth > window.innerWidth + 1) {
      problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px content in a ${window.innerWidth}px window`);
    }
    const article = document.querySelector('article.bd-article') || document.querySelector('main');
    const column = article ? article.getBoundingClientRect() : null;
  
    document.querySelectorAll('.companion-chart').forEach((chart, i) => {
      // the layout shown (a chart holds a wide and a narrow one; the other is hidden)
      const svg = [...chart.querySelectorAll('.companion-view svg')].find(visible) || chart.querySelector('svg');
      if (!svg) { problems.push(`chart ${i + 1}: no SVG drawn`); return; }
      const box = svg.getBoundingClientRect();
      // 2. wider than the text column
      if (column && box.width > column.width + 1) {
        problems.push(`chart ${i + 1}: ${Math.round(box.width)}px wide in a ${Math.round(column.width)}px text column`);
      }
      // the chart, or any box inside it, scrolls sideways: part of it is off to one side
      [chart, ...chart.querySelectorAll('*')].filter((el) => !(el instanceof SVGElement)).forEach((el) => {
        const scrolls = el === chart || ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
        if (scrolls && el.scrollWidth > el.clientWidth + 1 && visible(el)) {
          const what = el === chart ? '' : ` (<${el.tagName.toLowerCase()} class="${el.className}">)`;
          problems.push(`${chartName(chart)}: scrolls sideways inside its box${what}, ${el.scrollWidth}px in ${el.clientWidth}px`);
        }
      });
      // 7. chart text too small to read on screen: font size × the scale the SVG is drawn at
      const small = chartTexts(chart).map((t) => [drawnTextPx(t), t]).filter(([px]) => px < MIN_TEXT_PX - 0.05);
      if (small.length) {
        const [px, t] = small.reduce((a, b) => (b[0] < a[0] ? b : a));
        problems.push(`${chartName(chart)}: ${small.length} chart texts under ${MIN_TEXT_PX} px on screen, smallest `
          + `${px.toFixed(1)} px (${getComputedStyle(t).fontSize} font) "${t.textContent.trim().slice(0, 40)}"`);
      }
      // 3. text cut with an ellipsis, or drawn outside the visible part of the chart
      const clip = chart.getBoundingClientRect();
      const texts = [...svg.querySelectorAll('text')].filter(visible);
      texts.forEach((t) => {
        const s = (t.textContent || '').trim();
        if (s.endsWith('…') || s.endsWith('...')) problems.push(`${describe(t)}: label cut with an ellipsis`);
        const r = t.getBoundingClientRect();
        const outside = r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2
          || r.left < clip.left - 2 || r.right > clip.right + 2 || r.bottom > clip.bottom + 2;
        if (outside) problems.push(`${describe(t)}: drawn outside the visible chart`);
      });
      // 4. overlapping text (axis, legend, mark and title labels)
      const rects = texts.filter((t) => (t.textContent || '').trim()).map((t) => [t, t.getBoundingClientRect()]);
      for (let a = 0; a < rects.length; a++) {
        for (let b = a + 1; b < rects.length; b++) {
          if (inter(rects[a][1], rects[b][1], 2)) {
            problems.push(`${describe(rects[a][0])} overlaps ${describe(rects[b][0])}`);
          }
        }
      }
      // 5. a white chart in dark mode
      if (document.documentElement.dataset.theme === 'dark') {
        const bg = [svg, chart].map((el) => getComputedStyle(el).backgroundColor)
          .find((c) => c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent');
        const rgb = (bg || '').match(/\d+/g);
        if (rgb && (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) > 160) {
          problems.push(`chart ${i + 1}: light background ${bg} in dark mode`);
        }
      }
    });
  
    // 8. menus, radio buttons and buttons with a touch target under 24 × 24 px (a radio's target
    //    includes its label; a button's is its own box)
    const controls = 'select, input[type=radio], input[type=checkbox], input[type=range], button, summary, [role=button]';
    document.querySelectorAll(controls).forEach((el) => {
      if (!visible(el)) return;
      const label = el.matches('input') ? el.closest('label') : null;
      const r = (label || el).getBoundingClientRect();
      if (r.width < MIN_TARGET_PX - 0.5 || r.height < MIN_TARGET_PX - 0.5) {
        const name = el.getAttribute('aria-label') || el.name || (label || el).textContent.trim().slice(0, 40)
          || el.getAttribute('title') || el.className;
        problems.push(`control <${el.tagName.toLowerCase()}> "${name}": target ${r.width.toFixed(0)}×${r.height.toFixed(0)} px, `
          + `under ${MIN_TARGET_PX}×${MIN_TARGET_PX}`);
      }
    });

    // 6. tables showing pandas internals, or cut text
    document.querySelectorAll('article table').forEach((table, i) => {
      if (!visible(table)) return;
      const name = `table ${i + 1}`;
      if (document.documentElement.dataset.theme === 'dark') {
        // the first painted background behind the table, as a reader sees it
        let bg = null;
        for (let n = table; n && n.nodeType === 1 && !bg; n = n.parentElement) {
          const c = getComputedStyle(n).backgroundColor;
          if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') bg = c;
        }
        const rgb = (bg || '').match(/\d+/g);
        if (rgb && (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) > 160) {
          problems.push(`${name}: light background ${bg} in dark mode`);
        }
      }
      const bodyHeads = [...table.querySelectorAll('tbody th')].map((th) => th.textContent.trim());
      if (bodyHeads.length > 1 && bodyHeads.every((h, k) => h === String(k))) {
        problems.push(`${name}: positional index column 0, 1, 2 …`);
      }
      table.querySelectorAll('th, td').forEach((cell) => {
        const s = cell.textContent.trim();
        if (/^-?\d+\.0$/.test(s)) problems.push(`${name}: integer shown as float "${s}"`);
        if (['<NA>', 'nan', 'NaN', 'None', 'NaT'].includes(s)) problems.push(`${name}: missing value shown as "${s}"`);
        if (s.length > 3 && (s.endsWith('...') || s.endsWith('…'))) problems.push(`${name}: cell cut "${s.slice(-40)}"`);
        if (/^[a-z0-9]+(_[a-z0-9]+)+$/.test(s) && !cell.querySelector('code')) {
          problems.push(`${name}: snake_case ${cell.tagName === 'TH' ? 'header' : 'code as a value'} "${s}"`);
        }
      });
      if (phone && table.getBoundingClientRect().width > window.innerWidth + 1) {
        let scroller = null;
        for (let n = table; n && n !== document.body; n = n.parentElement) {
          const o = getComputedStyle(n).overflowX;
          if ((o === 'auto' || o === 'scroll') && n.getBoundingClientRect().width <= window.innerWidth + 1) { scroller = n; break; }
        }
        if (!scroller) problems.push(`${name}: wider than the phone screen and not in a scrolling box`);
      }
    });
    return [...new Set(problems)];
  },
  clickMarks: async () => {
    const charts = [...document.querySelectorAll('.companion-chart')];
    for (const chart of charts) {
      const marks = [...chart.querySelectorAll('svg .role-mark [role="graphics-symbol"], svg .role-mark path, svg .role-mark rect')];
      const area = (m) => { const r = m.getBoundingClientRect(); return r.width * r.height; };
      const largest = marks.reduce((best, m) => (!best || area(m) > area(best) ? m : best), null);
      const picks = [marks[0], marks[Math.floor(marks.length / 2)], largest].filter(Boolean);
      for (const m of picks) {
        const r = m.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const opts = {bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, view: window};
        m.dispatchEvent(new PointerEvent('pointerdown', opts));
        m.dispatchEvent(new MouseEvent('mousedown', opts));
        m.dispatchEvent(new PointerEvent('pointerup', opts));
        m.dispatchEvent(new MouseEvent('mouseup', opts));
        m.dispatchEvent(new MouseEvent('click', opts));
        // the click's Vega run drawn and painted before the next click (a live chart; a static one has no view)
        if (chart.companionView) await chart.companionView.runAsync();
        await new Promise((ok) => requestAnimationFrame(() => ok()));
      }
    }
  },
};
