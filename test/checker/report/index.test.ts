import { FORMAT_NAMES, formats } from '../../../checker/report/index';
import { sampleReport } from '../sample-report';

describe('report formats', () => {
  it('offers table, json, sarif, junit, ocsf (an array and JSON Lines) and html', () => {
    expect(FORMAT_NAMES).toEqual(['table', 'json', 'sarif', 'junit', 'ocsf', 'ocsf-jsonl', 'html']);
  });

  it.each(FORMAT_NAMES)('%s renders a report, ending with a newline', (name) => {
    const text = formats[name](sampleReport());
    expect(text.length).toBeGreaterThan(100);
    expect(text.endsWith('\n')).toBe(true);
  });
});
