/** Expected ParameterList of each vector, extracted with Python's xml.etree as an independent oracle. */
export const EXPECTED_PARAMETERS: Readonly<
  Record<string, readonly (readonly [name: string, value: string, type: string])[]>
> = {
  '01': [
    [
      'InternetGatewayDevice.DeviceSummary',
      'InternetGatewayDevice:1.4[](Baseline:1, EthernetLAN:1, WiFiLAN:1, EthernetWAN:1, ADSLWAN:1, IPPing:1, DSLDiagnostics:1, Time:1), VoiceService:1.0[1](Endpoint:1, SIPEndpoint:1)',
      'xsd:string',
    ],
    ['InternetGatewayDevice.DeviceInfo.SpecVersion', '1.0', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.HardwareVersion', 'P-2601HN-F1', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.SoftwareVersion', 'V1.00(AACB.3)', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.ProvisioningCode', '', 'xsd:string'],
    [
      'InternetGatewayDevice.ManagementServer.ConnectionRequestURL',
      'http://2.110.157.83:7676/CWMP/ConnectionRequest',
      'xsd:string',
    ],
    ['InternetGatewayDevice.ManagementServer.ParameterKey', '', 'xsd:string'],
    [
      'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress',
      '2.110.157.83',
      'xsd:string',
    ],
  ],
  '02': [
    [
      'InternetGatewayDevice.DeviceSummary',
      'InternetGatewayDevice:1.4[](Baseline:1, EthernetLAN:1, Time:1, IPPing:1, DeviceAssociation:1, EthernetWAN:1, VDSL2WAN:1, ADSLWAN:1, ATMLoopback:1, WiFiLAN:1, X_5067F0_TrustDomain:1), VoiceService:1.0[1](Endpoint:1, SIPEndpoint:1)',
      'xsd:string',
    ],
    ['InternetGatewayDevice.DeviceInfo.SpecVersion', '1.0', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.HardwareVersion', 'HW_1.0', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.SoftwareVersion', '1.00(AAQU.1)b20', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.ProvisioningCode', '31755,n', 'xsd:string'],
    [
      'InternetGatewayDevice.ManagementServer.ConnectionRequestURL',
      'http://[2a02:980:1400::1ff]:30005/78DF621FFD24F339452C341BEFE0E8A8',
      'xsd:string',
    ],
    ['InternetGatewayDevice.ManagementServer.ParameterKey', 'fd2cc42d07adccccbf39052325a85f11', 'xsd:string'],
    [
      'InternetGatewayDevice.WANDevice.2.WANConnectionDevice.1.WANIPConnection.2.X_5067F0_ExternalIPv6Address',
      '2a02:980:1400::1ff/64',
      'xsd:string',
    ],
  ],
  '03': [
    ['InternetGatewayDevice.DeviceInfo.SpecVersion', '1.0', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.HardwareVersion', '1.0', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.SoftwareVersion', '2.3.1-65-g79fe05b build 4388', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.ProvisioningCode', '', 'xsd:string'],
    [
      'InternetGatewayDevice.ManagementServer.ConnectionRequestURL',
      'http://192.168.40.144:8088/',
      'xsd:string',
    ],
    ['InternetGatewayDevice.ManagementServer.ParameterKey', '', 'xsd:string'],
    [
      'InternetGatewayDevice.DeviceSummary',
      'InternetGatewayDevice:1.0[](Baseline:1, Time:1, Bridging:1, LANDevice:1, WANDevice:1, IPPingDiagnostics:1)',
      'xsd:string',
    ],
    [
      'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress',
      '192.168.40.144',
      'xsd:string',
    ],
  ],
  '04': [
    [
      'InternetGatewayDevice.DeviceSummary',
      'InternetGatewayDevice:1.0[](Baseline:1, EthernetLAN:4,GE:4,WiFi:1, PONWAN:1, Voip:0, Time:1, IPPing:1)',
      'xsd:string',
    ],
    ['InternetGatewayDevice.DeviceInfo.SpecVersion', '1.0', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.HardwareVersion', 'V5.2', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.SoftwareVersion', 'V5.2.10P4T26', 'xsd:string'],
    ['InternetGatewayDevice.DeviceInfo.ProvisioningCode', 'TLCO.GRP2', 'xsd:string'],
    ['InternetGatewayDevice.ManagementServer.ConnectionRequestURL', 'http://10.90.13.32:58000', 'xsd:string'],
    ['InternetGatewayDevice.ManagementServer.ParameterKey', '239b947d94b2cda452888bfd69d7daa9', 'xsd:string'],
    [
      'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.2.ExternalIPAddress',
      '10.90.13.32',
      'xsd:string',
    ],
    ['InternetGatewayDevice.ManagementServer.ConnectionRequestURL', 'http://10.90.13.32:58000', 'xsd:string'],
    ['InternetGatewayDevice.ManagementServer.URL', 'http://172.31.8.82/', 'xsd:string'],
  ],
  '05': [
    ['Device.RootDataModelVersion', '2.11', 'xsd:string'],
    ['Device.DeviceInfo.SoftwareVersion', '6.42rc49', 'xsd:string'],
    ['Device.DeviceInfo.ProvisioningCode', '', 'xsd:string'],
    ['Device.DeviceInfo.HardwareVersion', 'v1.0', 'xsd:string'],
    ['Device.ManagementServer.ParameterKey', 'cdrouter', 'xsd:string'],
    [
      'Device.ManagementServer.ConnectionRequestURL',
      'http://10.0.0.1:7547/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'xsd:string',
    ],
    ['Device.ManagementServer.AliasBasedAddressing', '0', 'xsd:boolean'],
  ],
  '06': [
    ['Device.RootDataModelVersion', '2.7', 'xsd:string'],
    ['Device.DeviceInfo.HardwareVersion', 'dalian', 'xsd:string'],
    ['Device.DeviceInfo.SoftwareVersion', '643-19953-19916-20025-20027-485-597', 'xsd:string'],
  ],
};
