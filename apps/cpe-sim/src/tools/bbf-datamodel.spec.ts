import { describe, expect, it } from 'vitest';
import { entriesFromBbfXml } from './bbf-datamodel.js';

/** The shapes of the Broadband Forum's "full" XML, cut down to what the extractor reads. */
const TYPES = `<?xml version="1.0"?>
<dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-14">
  <dataType name="_AliasCommon"><string><size maxLength="64"/></string></dataType>
  <dataType name="Alias" base="_AliasCommon"/>
  <dataType name="StatsCounter64"><unsignedLong/></dataType>
</dm:document>`;

const MODEL = `<?xml version="1.0"?>
<dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-14">
  <dataType name="DiagnosticsState">
    <string><enumeration value="None"/><enumeration value="Requested"/></string>
  </dataType>
  <model name="Device:2.17">
    <object name="Device." access="readOnly" minEntries="1" maxEntries="1">
      <parameter name="RootDataModelVersion" access="readOnly">
        <description>x</description>
        <syntax><string><size maxLength="32"/></string></syntax>
      </parameter>
    </object>
    <object name="Device.IP.Interface.{i}." access="readWrite" minEntries="0" maxEntries="unbounded">
      <parameter name="Enable" access="readWrite">
        <syntax><boolean/><default type="object" value="true"/></syntax>
      </parameter>
      <parameter name="Alias" access="readWrite"><syntax><dataType ref="Alias"/></syntax></parameter>
      <parameter name="Status" access="readOnly" activeNotify="forceDefaultEnabled">
        <syntax><string><enumeration value="Up"/><enumeration value="Down"/></string></syntax>
      </parameter>
      <parameter name="MaxMTUSize" access="readWrite">
        <syntax><unsignedInt><range minInclusive="64" maxInclusive="65535"/></unsignedInt></syntax>
      </parameter>
      <parameter name="BytesSent" access="readOnly"><syntax><dataType ref="StatsCounter64"/></syntax></parameter>
      <parameter name="Names" access="readWrite"><syntax><list/><string/></syntax></parameter>
      <parameter name="Old" access="readOnly" status="obsoleted"><syntax><int/></syntax></parameter>
    </object>
    <object name="Device.IP.Diagnostics." access="readOnly" minEntries="1" maxEntries="1">
      <parameter name="State" access="readWrite"><syntax><dataType ref="DiagnosticsState"/></syntax></parameter>
    </object>
    <object name="Device.Gone." access="readOnly" status="deleted" minEntries="1" maxEntries="1"/>
    <object name="Device.Gone.Below." access="readOnly" minEntries="1" maxEntries="1">
      <parameter name="X" access="readOnly"><syntax><int/></syntax></parameter>
    </object>
  </model>
</dm:document>`;

describe('entriesFromBbfXml', () => {
  it('reads objects and parameters with resolved types, defaults and notification; drops obsoleted and deleted', () => {
    const { model, entries } = entriesFromBbfXml(MODEL, [TYPES]);
    expect(model).toBe('Device:2.17');
    const rows = entries.map((e) => [e.path, e.object, e.writable, e.type, e.defaultValue, e.notification]);
    expect(rows).toEqual([
      ['Device.', true, false, '', '', 0],
      ['Device.RootDataModelVersion', false, false, 'xsd:string', '', 0],
      ['Device.IP.Interface.{i}.', true, true, '', '', 0],
      ['Device.IP.Interface.{i}.Enable', false, true, 'xsd:boolean', 'true', 0],
      ['Device.IP.Interface.{i}.Alias', false, true, 'xsd:string', '', 0],
      ['Device.IP.Interface.{i}.Status', false, false, 'xsd:string', 'Up', 2],
      ['Device.IP.Interface.{i}.MaxMTUSize', false, true, 'xsd:unsignedInt', '64', 0],
      ['Device.IP.Interface.{i}.BytesSent', false, false, 'xsd:unsignedLong', '0', 0],
      ['Device.IP.Interface.{i}.Names', false, true, 'xsd:string', '', 0],
      ['Device.IP.Diagnostics.', true, false, '', '', 0],
      ['Device.IP.Diagnostics.State', false, true, 'xsd:string', 'None', 0],
    ]);
  });

  it('refuses a document without a model', () => {
    expect(() => entriesFromBbfXml(TYPES)).toThrow(/no <model>/);
  });
});
