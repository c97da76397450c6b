import { Button, Group, Paper, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import JsBarcode from 'jsbarcode';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { unwrap, type ApiProblem, problemOf } from '../api/problem';
import { itemByCode, itemCode, locationByCode } from '../lib/lookups';
import { LocationCodeInput } from '../ui/location-code-input';
import { ProblemAlert } from '../ui/problem-alert';
import './labels.css';

interface Label { code: string; title: string; subtitle: string }

/** One label: a QR code and a Code 128 barcode of the same code, which the scanner flow accepts as typed. */
function LabelCard({ label }: { label: Label }) {
  const barcode = useRef<SVGSVGElement>(null);
  const [qr, setQr] = useState('');
  useEffect(() => {
    if (barcode.current) JsBarcode(barcode.current, label.code, { format: 'CODE128', height: 40, width: 1.4, fontSize: 12, margin: 0 });
    void QRCode.toString(label.code, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' }).then(setQr);
  }, [label.code]);
  return (
    <div className="label" data-testid="label">
      <div className="label-qr" role="img" aria-label={`QR code ${label.code}`} dangerouslySetInnerHTML={{ __html: qr }} />
      <div className="label-text">
        <strong>{label.title}</strong>
        <span>{label.subtitle}</span>
        <svg ref={barcode} role="img" aria-label={`Barcode ${label.code}`} />
      </div>
    </div>
  );
}

/** Printable sheets of labels for chosen items (by code, or all at a location) and for locations. */
export function LabelsScreen() {
  const [mode, setMode] = useState('items');
  const [codes, setCodes] = useState('');
  const [labels, setLabels] = useState<Label[]>([]);
  const [problem, setProblem] = useState<ApiProblem>();
  const [missing, setMissing] = useState<string[]>([]);

  async function run(make: () => Promise<Label[]>) {
    setProblem(undefined); setMissing([]);
    try { setLabels(await make()); } catch (error) { setProblem(problemOf(error)); }
  }

  const fromCodes = () => run(async () => {
    const made: Label[] = [];
    const unknown: string[] = [];
    for (const code of codes.split(/\s+/).filter(Boolean)) {
      const item = await itemByCode(code);
      if (item) made.push({ code: itemCode(item), title: item.name, subtitle: item.serialNumber ?? item.kind });
      else {
        const location = await locationByCode(code);
        if (location) made.push({ code: location.code, title: location.name, subtitle: 'location' });
        else unknown.push(code);
      }
    }
    setMissing(unknown);
    return made;
  });

  const itemsAt = (locationId: string) => run(async () => {
    const page = await unwrap(api.GET('/locations/{id}/contents', { params: { path: { id: locationId }, query: { limit: 500 } } }));
    return page.items.map(({ item }) => ({ code: itemCode(item), title: item.name, subtitle: item.serialNumber ?? item.kind }));
  });

  const locationsUnder = (locationId: string) => run(async () => {
    const tree = await unwrap(api.GET('/locations/tree', { params: { query: { rootId: locationId } } }));
    return tree.nodes.map((node) => ({ code: node.code, title: node.name, subtitle: 'location' }));
  });

  return (
    <Stack>
      <Group className="no-print" justify="space-between">
        <Title order={2}>Labels</Title>
        <Button onClick={() => window.print()} disabled={labels.length === 0}>Print {labels.length} label{labels.length === 1 ? '' : 's'}</Button>
      </Group>
      <Paper withBorder p="sm" className="no-print">
        <SegmentedControl aria-label="Labels for" value={mode} onChange={setMode} mb="sm"
          data={[{ value: 'items', label: 'Items at a location' }, { value: 'locations', label: 'Locations under one' }, { value: 'codes', label: 'Codes' }]} />
        {mode === 'codes' ? (
          <Group align="end">
            <Textarea label="Item barcodes / serials or location codes, one per line" value={codes} onChange={(event) => setCodes(event.currentTarget.value)} autosize minRows={3} w={420} />
            <Button onClick={() => void fromCodes()}>Make labels</Button>
          </Group>
        ) : (
          <LocationCodeInput key={mode} label="Location code" onResolved={(location) => { if (location) void (mode === 'items' ? itemsAt(location.id) : locationsUnder(location.id)); }} />
        )}
        {missing.length > 0 ? <Text c="red.9" size="sm">Not found: {missing.join(', ')}</Text> : null}
        <ProblemAlert problem={problem} />
      </Paper>
      <section className="label-sheet" aria-label="Label sheet">
        {labels.map((label) => <LabelCard key={label.code} label={label} />)}
      </section>
    </Stack>
  );
}
